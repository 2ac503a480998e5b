"""Writes on memberships, invitations and organisations, as specifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.orgs import services
from tutori.orgs.models import Invitation, Membership, Organisation
from tutori.orgs.validators import business_id_is_valid, validate_business_id


def memberships_of(user):  # type: ignore[no-untyped-def]
    return list(Membership._default_manager.filter(user=user).order_by("pk"))


def test_changing_a_role_ends_the_old_membership_and_keeps_it(world):
    old = Membership._default_manager.get(user=world.member)
    new = services.membership_change_role(by=world.coordinator, membership=old, role="tutor")
    old.refresh_from_db()
    assert old.active_to == timezone.localdate()
    assert not old.is_active
    assert new.role == "tutor" and new.is_active
    assert len(memberships_of(world.member)) == 2


def test_ending_a_membership_deletes_nothing(world):
    membership = Membership._default_manager.get(user=world.member)
    services.membership_end(by=world.coordinator, membership=membership)
    membership.refresh_from_db()
    assert membership.active_to == timezone.localdate()
    assert User.objects.filter(pk=world.member.pk).exists()
    with pytest.raises(ApplicationError):
        services.membership_end(by=world.coordinator, membership=membership)


def test_a_manager_cannot_change_roles(world):
    membership = Membership._default_manager.get(user=world.member)
    with pytest.raises(PermissionDeniedError):
        services.membership_change_role(by=world.manager, membership=membership, role="tutor")


def test_a_coordinator_of_another_municipality_cannot_end_oulus_memberships(world):
    membership = Membership._default_manager.get(user=world.member)
    with pytest.raises(PermissionDeniedError):
        services.membership_end(by=world.outsider, membership=membership)


def test_a_person_has_one_open_membership_per_organisation(world):
    with pytest.raises(ApplicationError):
        services.membership_create(
            by=world.coordinator, user=world.member, organisation=world.school_a, role="tutor"
        )


def test_the_database_refuses_a_second_open_membership(world):
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=world.member, organisation=world.school_a, role="tutor")


def test_invitation_adds_the_person_and_mails_a_link_after_commit(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.person_invite(
            by=world.coordinator,
            organisation=world.school_b,
            email="Uusi.Opettaja@Example.fi",
            display_name="Uusi Opettaja",
            role="member",
            request_base_url="http://testserver/",
        )
    user = invitation.user
    assert user.email == "uusi.opettaja@example.fi"
    assert not user.has_usable_password()
    assert Membership._default_manager.filter(user=user, organisation=world.school_b).exists()
    assert len(mail.outbox) == 1
    assert "http://testserver/orgs/invitation/" in mail.outbox[0].body
    assert "Koulu B" in mail.outbox[0].subject


def test_a_rolled_back_invitation_sends_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        services.person_invite(
            by=world.coordinator,
            organisation=world.school_a,
            email=world.member.email,  # already a member of Koulu A
            display_name="Olli",
            role="member",
            request_base_url="http://testserver/",
        )
    assert mail.outbox == []


def _invite(world, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        services.person_invite(
            by=world.coordinator,
            organisation=world.school_b,
            email="kutsuttu@example.fi",
            display_name="Kutsuttu Henkilö",
            role="tutor",
            request_base_url="http://testserver/",
        )
    body = mail.outbox[-1].body
    return body[body.index("/orgs/invitation/") :].split()[0]


def test_invited_person_sets_a_password_and_is_logged_in(
    client, world, django_capture_on_commit_callbacks
):
    path = _invite(world, django_capture_on_commit_callbacks)
    assert client.get(path).status_code == 200
    response = client.post(path, {"password1": "uusi-salasana-42", "password2": "uusi-salasana-42"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:dashboard")
    user = User.objects.get(email="kutsuttu@example.fi")
    assert user.check_password("uusi-salasana-42")
    assert client.get(reverse("dashboard:dashboard")).status_code == 200
    # The link works once: then it says it was used, and changes nothing.
    used = client.get(path)
    assert used.status_code == 410
    assert "Kutsu on jo hyväksytty" in used.content.decode()


def test_invitation_with_a_weak_or_mismatched_password_keeps_the_page(
    client, world, django_capture_on_commit_callbacks
):
    path = _invite(world, django_capture_on_commit_callbacks)
    response = client.post(path, {"password1": "12345", "password2": "54321"})
    assert response.status_code == 200
    assert "Salasanat eivät ole samat." in response.content.decode()
    assert not User.objects.get(email="kutsuttu@example.fi").has_usable_password()


def test_an_expired_invitation_says_so(client, world, django_capture_on_commit_callbacks):
    path = _invite(world, django_capture_on_commit_callbacks)
    Invitation._default_manager.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(path)
    assert response.status_code == 410
    assert "Kutsu on vanhentunut" in response.content.decode()


def test_invite_view_keeps_what_was_typed_on_error(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("orgs:invite", args=[world.school_a.pk]),
        {"display_name": "Maija Meikäläinen", "email": "ei-osoite", "role": "member"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Maija Meikäläinen"' in html
    assert "sähköpostiosoite" in html.lower()
    assert not User.objects.filter(display_name="Maija Meikäläinen").exists()


def test_moving_an_organisation_moves_its_subtree(world):
    unit = OrganisationFactory(name="Erityisluokat", parent=world.school_a)
    world.school_a.parent = world.kemi
    world.school_a.save()
    unit.refresh_from_db()
    assert unit.path == f"{world.kemi.path}{world.school_a.pk}/{unit.pk}/"


def test_an_organisation_cannot_be_its_own_ancestor(world):
    from django.core.exceptions import ValidationError

    world.oulu.parent = world.school_a
    with pytest.raises(ValidationError):
        world.oulu.full_clean()


def test_only_platform_admins_create_organisations(world):
    with pytest.raises(PermissionDeniedError):
        services.organisation_create(by=world.coordinator, name="Uusi", kind="school")
    created = services.organisation_create(
        by=world.admin, name="Uusi koulu", kind="school", parent=world.oulu
    )
    assert Organisation._default_manager.get(pk=created.pk).path.startswith(world.oulu.path)


def test_organisation_with_an_invalid_business_id_is_refused(world):
    with pytest.raises(ValidationError) as info:
        services.organisation_create(
            by=world.admin, name="Virheellinen", kind="association", business_id="1234567-8"
        )
    assert "business_id" in info.value.message_dict
    assert not Organisation._default_manager.filter(name="Virheellinen").exists()
    created = services.organisation_create(
        by=world.admin, name="Oikea", kind="association", business_id="0112038-9"
    )
    assert Organisation._default_manager.get(pk=created.pk).business_id == "0112038-9"


# Y-tunnus of real organisations (public in the Finnish trade register, YTJ).
KNOWN_VALID_BUSINESS_IDS = [
    "0112038-9",  # Nokia Oyj
    "1927400-1",  # KONE Oyj
    "0109862-8",  # Finnair Oyj
    "1041090-0",  # UPM-Kymmene Oyj
    "0201256-6",  # Helsingin kaupunki
    "0187690-1",  # Oulun kaupunki
    "0208201-1",  # Jyväskylän kaupunki
]


@pytest.mark.parametrize("business_id", KNOWN_VALID_BUSINESS_IDS)
def test_real_business_ids_are_valid(business_id):
    assert business_id_is_valid(business_id)
    validate_business_id(business_id)  # does not raise


@pytest.mark.parametrize(
    "business_id",
    [
        "0112038-8",  # Nokia's with a wrong check digit
        "1927400-2",  # KONE's with a wrong check digit
        "1234567-8",  # a made-up one whose check digit does not match
        "112038-9",  # too short (the leading zero is part of the ID)
        "01120389",  # no hyphen
        "FI01120389",  # the VAT number, not the Y-tunnus
        "0112038-9 ",  # a trailing space
        "0112038–9",  # an en dash instead of a hyphen
        "01120-389",  # the hyphen in the wrong place
        "O112038-9",  # a letter O for a zero
        "0112038-X",  # a letter as the check digit
        "abcdefg-h",
        "",
    ],
)
def test_malformed_or_wrong_business_ids_are_refused(business_id):
    assert not business_id_is_valid(business_id)
    with pytest.raises(ValidationError) as info:
        validate_business_id(business_id)
    assert info.value.code == "invalid_business_id"
    assert "Y-tunnus on muotoa 1234567-8" in info.value.messages[0]


def test_seven_digits_whose_check_would_be_ten_have_no_valid_business_id():
    # 0000006: weighted sum 12, remainder 1 — Y-tunnus are never issued for these digits.
    assert not any(business_id_is_valid(f"0000006-{digit}") for digit in range(10))


def test_people_without_login_exist_as_people(world):
    participant = UserFactory(without_login=True, display_name="Pekka Pajalainen")
    MembershipFactory(user=participant, organisation=world.school_a)
    assert participant.email is None
    assert not participant.can_log_in
