"""An e-mail address is one identity whatever its case: login, lockout, password reset,
invitations and roster matching all see the same person, and the lockout counts per address."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tutori.accounts.models import User, email_normalise
from tutori.orgs import roster, services
from tutori.orgs.models import Role

NOORA = "noora.niskanen@example.fi"
CASES = [
    NOORA,
    "Noora.Niskanen@example.fi",
    "NOORA.NISKANEN@EXAMPLE.FI",
    "noora.NISKANEN@Example.Fi",
]


@pytest.fixture
def noora(db: None) -> User:
    return UserFactory(email=NOORA, display_name="Noora Niskanen")


def log_in(client, username, password=PASSWORD, ip="10.1.1.1", url="accounts:login"):  # type: ignore[no-untyped-def]
    return client.post(reverse(url), {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:  # type: ignore[no-untyped-def]
    return SESSION_KEY in client.session


def test_ten_wrong_passwords_lock_the_address_in_every_case(client, noora):
    for _ in range(10):
        log_in(client, NOORA, "väärä-salasana")
    response = log_in(client, "Noora.Niskanen@example.fi")
    assert response.status_code == 429
    assert not logged_in(client)


def test_wrong_guesses_spread_over_case_variants_count_as_one_address(client, noora):
    for attempt in range(10):
        log_in(client, CASES[attempt % len(CASES)], "väärä-salasana")
    assert log_in(client, NOORA).status_code == 429
    assert not logged_in(client)
    # One counter, kept under the address in its one form.
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [NOORA]


def test_the_admin_login_counts_towards_the_same_lockout(client, noora):
    for attempt in range(10):
        log_in(client, CASES[attempt % len(CASES)], "väärä-salasana", url="admin:login")
    assert log_in(client, NOORA).status_code == 429
    assert not logged_in(client)


def test_the_lockout_still_belongs_to_one_address_and_one_client_address(client, noora):
    for attempt in range(10):
        log_in(client, CASES[attempt % len(CASES)], "väärä-salasana")
    # The same person from another address, and a colleague from the same one, log in.
    assert log_in(client, "Noora.Niskanen@Example.fi", ip="10.1.1.2").status_code == 302
    client.logout()
    colleague = UserFactory(email="kollega@example.fi")
    assert log_in(client, colleague.email).status_code == 302


@pytest.mark.parametrize("typed", CASES[1:])
def test_the_right_password_logs_in_with_the_address_in_any_case(client, noora, typed):
    assert log_in(client, typed).status_code == 302
    assert client.session[SESSION_KEY] == str(noora.pk)


def test_an_address_with_letters_beyond_ascii_is_one_identity_too(client, db):
    # SQLite compares only ASCII letters without case: a lookup by the typed address with
    # "iexact" missed this person; the stored form looked up exactly finds them.
    person = UserFactory(email="aino@ääkkönen.fi")
    assert person.email == "aino@ääkkönen.fi"
    assert log_in(client, "Aino@ÄÄKKÖNEN.fi").status_code == 302
    assert client.session[SESSION_KEY] == str(person.pk)


def test_the_axes_username_is_the_address_in_its_one_form():
    from tutori.accounts.throttle import axes_username

    request = RequestFactory().post("/", {"username": " Noora.Niskanen@Example.FI "})
    assert axes_username(request, None) == NOORA
    assert axes_username(request, {"username": "NOORA.niskanen@example.fi"}) == NOORA
    assert axes_username(RequestFactory().post("/", {}), None) is None


def test_the_user_manager_stores_and_finds_one_form_of_the_address(db):
    person = User.objects.create_user(" Noora.Niskanen@Example.FI ", display_name="Noora")
    assert person.email == NOORA
    assert User.objects.get_by_natural_key("NOORA.NISKANEN@example.fi") == person
    assert User.objects.normalize_email(" A.B@Example.FI") == email_normalise("a.b@example.fi")
    with pytest.raises(ValidationError):
        User.objects.create_user("Noora.NISKANEN@example.fi", display_name="Toinen Noora")


def test_a_reset_link_asked_with_the_address_in_another_case_goes_to_the_account(
    client, noora, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "NOORA.Niskanen@Example.fi"}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[NOORA]]


def test_inviting_an_existing_person_in_another_case_invites_that_person(
    world, django_capture_on_commit_callbacks
):
    people = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.person_invite(
            by=world.coordinator,
            organisation=world.school_b,
            email="  Opettaja@EXAMPLE.fi ",
            display_name="Olli Opettaja",
            role=Role.MEMBER,
            request_base_url="http://testserver",
        )
    assert invitation.user == world.member
    assert User.objects.count() == people
    # The mail goes to the address as the person has it, not as the inviter typed it.
    assert [m.to for m in mail.outbox] == [[world.member.email]]


def test_finding_a_person_by_address_ignores_case_and_spaces(world):
    person, created = services.person_find_or_create(
        email=" Tutor@Example.FI", display_name="Tiina Tutor"
    )
    assert (person, created) == (world.tutor, False)
    new, created = services.person_find_or_create(email=" Uusi@Example.FI ", display_name="Uusi")
    assert created and new.email == "uusi@example.fi"


def test_a_roster_row_with_the_address_in_another_case_is_the_existing_person(world):
    data = "name;email;organisation;role\nOlli Opettaja; OPETTAJA@Example.FI ;Koulu B;member\n"
    check = roster.roster_check(by=world.coordinator, filename="lista.csv", data=data.encode())
    assert check.ok, check.problems
    assert check.preview is not None
    assert check.preview.summary["add"] == 1  # new or not, the preview does not tell
    people = User.objects.count()
    roster.roster_apply(by=world.coordinator, roster_import=check.preview)
    assert User.objects.count() == people
