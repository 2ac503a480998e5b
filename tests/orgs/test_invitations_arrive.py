"""Invitations that arrive: a roster or the invite form mails every person a link (in their
language, with the organisation, role, inviter, expiry and link); "kutsuttu" means a mail
went out, and the coordinator sees when, sends again (a new link; the old one stops
working), withdraws, and sees what expired. The role column of a roster takes the role
names the interface shows, in Finnish, Swedish and English."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import MembershipFactory, UserFactory
from tutori.accounts.models import User
from tutori.core.errors import ApplicationError
from tutori.orgs import roster, services
from tutori.orgs.models import Invitation, InvitationState, Membership, Role

HEADER = "name;email;organisation;role;phone;language\n"
PASSWORD = "Oma-salasana-2026"


def links_in(message: Any) -> list[str]:
    return [word for word in message.body.split() if "/orgs/invitation/" in word]


def path_of(link: str) -> str:
    return link[link.index("/orgs/invitation/") :]


def apply_roster(client: Client, world: Any, text: str, capture: Any) -> None:
    """Oulu's coordinator uploads ``text`` (after the header) and confirms it."""
    client.force_login(world.coordinator)
    upload = SimpleUploadedFile("lista.csv", (HEADER + text).encode())
    response = client.post(reverse("orgs:import"), {"file": upload})
    assert response.status_code == 302, response.context and response.context["problems"]
    with capture(execute=True):
        assert client.post(response["Location"]).status_code == 302
    client.logout()


def imported_member(world: Any, email: str = "tuotu@example.fi", **user: Any) -> Membership:
    """A teacher imported into Koulu A before invitations were mailed: no password, no link."""
    person = UserFactory(invited=True, email=email, display_name="Tuula Tuotu", **user)
    return MembershipFactory(organisation=world.school_a, user=person)


def invitation_of(email: str) -> Invitation:
    return Invitation._default_manager.select_related("user").get(user__email=email)


# --- The roster's invitations, end to end --------------------------------------------------


def test_a_person_imported_from_a_roster_sets_a_password_and_logs_in(
    client, world, django_capture_on_commit_callbacks
):
    apply_roster(
        client,
        world,
        "Aino Aalto;aino@example.fi;Koulu A;tutoropettaja;040 1;\n",
        django_capture_on_commit_callbacks,
    )
    assert [m.to for m in mail.outbox] == [["aino@example.fi"]]
    message = mail.outbox[0]
    assert message.subject == "Kutsu Tutoriin: Koulu A"
    for text in ("Koulu A", "tutor", "Kaisa Koordinaattori", "Kutsu vanhenee:", "aseta salasana"):
        assert text in message.body, text
    invitation = invitation_of("aino@example.fi")
    expires = timezone.localtime(invitation.expires_at).strftime("%-d.%-m.%Y %H:%M")
    assert expires in message.body
    (link,) = links_in(message)
    assert link.startswith("http://testserver/orgs/invitation/")

    page = client.get(path_of(link))
    assert page.status_code == 200 and 'name="password1"' in page.content.decode()
    response = client.post(path_of(link), {"password1": PASSWORD, "password2": PASSWORD})
    assert response["Location"] == reverse("dashboard:dashboard")
    client.logout()

    # The person can now log in as anyone does, with their address and the password.
    response = client.post(
        reverse("accounts:login"), {"username": "aino@example.fi", "password": PASSWORD}
    )
    assert response.status_code == 302
    aino = User.objects.get(email="aino@example.fi")
    assert client.session[SESSION_KEY] == str(aino.pk)
    assert invitation_of("aino@example.fi").state == InvitationState.ACCEPTED


def test_each_person_gets_the_mail_in_their_own_language(
    client, world, django_capture_on_commit_callbacks
):
    apply_roster(
        client,
        world,
        "Bertil Berg;bertil@example.fi;Koulu A;rektor;;sv\n"
        "Emma English;emma@example.fi;Koulu A;member;;en\n"
        "Fanni Suomi;fanni@example.fi;Koulu A;jäsen;;\n",
        django_capture_on_commit_callbacks,
    )
    by_address = {m.to[0]: m for m in mail.outbox}
    swedish, english, finnish = (
        by_address["bertil@example.fi"],
        by_address["emma@example.fi"],
        by_address["fanni@example.fi"],
    )
    with translation.override("sv"):
        manager_sv = str(Role.MANAGER.label)
    assert swedish.subject == "Inbjudan till Tutori: Koulu A"
    assert manager_sv in swedish.body and "Kutsu" not in swedish.body
    assert english.subject == "Invitation to Tutori: Koulu A"
    assert "member" in english.body and "Kutsu" not in english.body
    assert finnish.subject == "Kutsu Tutoriin: Koulu A" and "jäsen" in finnish.body
    assert all(links_in(m) for m in mail.outbox)


def test_a_roster_line_for_a_member_who_cannot_log_in_yet_mails_a_new_link(
    client, world, django_capture_on_commit_callbacks
):
    """Imported before invitations were mailed: the same roster again reaches them."""
    member = imported_member(world)
    apply_roster(
        client,
        world,
        "Tuula Tuotu;tuotu@example.fi;Koulu A;member;;\n"
        "Olli Opettaja;opettaja@example.fi;Koulu A;member;;\n",  # can log in: no mail
        django_capture_on_commit_callbacks,
    )
    assert [m.to for m in mail.outbox] == [["tuotu@example.fi"]]
    invitation = invitation_of("tuotu@example.fi")
    assert invitation.organisation == world.school_a and not invitation.membership_on_accept
    # A second import while the link works mails nothing more.
    apply_roster(
        client,
        world,
        "Tuula Tuotu;tuotu@example.fi;Koulu A;member;;\n",
        django_capture_on_commit_callbacks,
    )
    assert len(mail.outbox) == 1
    assert Membership._default_manager.filter(user=member.user).count() == 1


def test_a_new_person_on_several_lines_gets_one_mail(
    client, world, django_capture_on_commit_callbacks
):
    apply_roster(
        client,
        world,
        "Aino Aalto;aino@example.fi;Koulu A;member;;\nAino Aalto;aino@example.fi;Koulu B;tutor;;\n",
        django_capture_on_commit_callbacks,
    )
    assert [m.to for m in mail.outbox] == [["aino@example.fi"]]


def test_the_applied_roster_says_how_many_invitations_went_out(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    upload = SimpleUploadedFile(
        "lista.csv", (HEADER + "Aino;aino@example.fi;Koulu A;member;;\n").encode()
    )
    preview = client.post(reverse("orgs:import"), {"file": upload})["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview)
    assert "Kutsuja lähetetty sähköpostiin: 1" in client.get(preview).content.decode()


def test_without_a_request_the_link_starts_with_the_sites_address(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://tutori.example.fi"
    check = roster.roster_check(
        by=world.coordinator,
        filename="lista.csv",
        data=(HEADER + "Aino;aino@example.fi;Koulu A;member;;\n").encode(),
    )
    assert check.preview is not None
    with django_capture_on_commit_callbacks(execute=True):
        roster.roster_apply(by=world.coordinator, roster_import=check.preview)
    (link,) = links_in(mail.outbox[0])
    assert link.startswith("https://tutori.example.fi/orgs/invitation/")


def test_the_lifetime_of_a_link_is_a_setting(world, settings):
    settings.INVITATION_LIFETIME = timedelta(days=3)
    invitation = services.person_invite(
        by=world.coordinator,
        organisation=world.school_b,
        email="lyhyt@example.fi",
        display_name="Lyhyt Kutsu",
        role="member",
    )
    left = invitation.expires_at - timezone.now()
    assert timedelta(days=2, hours=23) < left <= timedelta(days=3)


# --- The invite form --------------------------------------------------------------------


def test_the_invite_form_sends_a_member_without_a_password_a_new_link(
    client, world, django_capture_on_commit_callbacks
):
    """Was: "already holds a role" – an imported person could never be invited again."""
    imported_member(world)
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("orgs:invite", args=[world.school_a.pk]),
            {"display_name": "Tuula", "email": "tuotu@example.fi", "role": "member"},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["tuotu@example.fi"]]
    assert invitation_of("tuotu@example.fi").state == InvitationState.WAITING


def test_inviting_a_member_who_can_log_in_is_still_refused(world):
    with pytest.raises(ApplicationError):
        services.person_invite(
            by=world.coordinator,
            organisation=world.school_a,
            email=world.member.email,
            display_name="Olli",
            role="member",
        )


# --- Sending again, withdrawing, expiry ------------------------------------------------------


@pytest.fixture
def sent(world, django_capture_on_commit_callbacks) -> tuple[Invitation, str]:  # type: ignore[no-untyped-def]
    """An imported teacher's invitation into Koulu A, mailed; and the path of its link."""
    membership = imported_member(world)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.membership_invite(by=world.coordinator, membership=membership)
    return invitation, path_of(links_in(mail.outbox[-1])[0])


def expire(invitation: Invitation) -> None:
    Invitation._default_manager.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )


def test_sending_again_gives_a_new_link_and_ends_the_old_one(
    client, world, sent, django_capture_on_commit_callbacks
):
    invitation, old = sent
    expire(invitation)
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("orgs:invitation_resend", args=[invitation.pk]))
    assert response["Location"] == reverse("orgs:invitations", args=[world.school_a.pk])
    again = Invitation._default_manager.get(pk=invitation.pk)
    assert again.state == InvitationState.WAITING and again.send_count == 2
    message = mail.outbox[-1]
    assert "Tämä on uusi kutsu" in message.body
    new = path_of(links_in(message)[0])
    assert new != old
    client.logout()
    gone = client.get(old)
    assert gone.status_code == 404 and "Mitään ei muutettu" in gone.content.decode()
    assert client.get(new).status_code == 200


def test_an_expired_link_changes_nothing(client, world, sent):
    invitation, path = sent
    expire(invitation)
    response = client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410
    html = response.content.decode()
    assert "Kutsu on vanhentunut" in html and "Mitään ei muutettu" in html
    assert not User.objects.get(pk=invitation.user_id).has_usable_password()
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    ("language", "expired", "withdrawn"),
    [
        ("sv", "Inbjudan har gått ut", "Inbjudan har återkallats"),
        ("en", "The invitation has expired", "The invitation has been withdrawn"),
    ],
)
def test_a_link_that_does_not_work_says_why_in_the_readers_language(
    client, world, sent, language, expired, withdrawn
):
    invitation, path = sent
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    expire(invitation)
    assert expired in client.get(path).content.decode()
    Invitation._default_manager.filter(pk=invitation.pk).update(withdrawn_at=timezone.now())
    assert withdrawn in client.get(path).content.decode()


def test_withdrawing_asks_first_then_ends_the_link(client, world, sent):
    invitation, path = sent
    client.force_login(world.coordinator)
    url = reverse("orgs:invitation_withdraw", args=[invitation.pk])
    page = client.get(url).content.decode()
    assert "Haluatko varmasti perua kutsun?" in page and "Tuula Tuotu" in page
    assert Invitation._default_manager.get(pk=invitation.pk).state == InvitationState.WAITING
    client.post(url)
    assert Invitation._default_manager.get(pk=invitation.pk).state == InvitationState.WITHDRAWN
    client.logout()
    response = client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410
    assert "Tämä kutsu on peruttu" in response.content.decode()
    assert not User.objects.get(pk=invitation.user_id).has_usable_password()


def test_a_withdrawn_invitation_cannot_be_sent_again(world, sent):
    invitation, _path = sent
    services.invitation_withdraw(by=world.coordinator, invitation=invitation)
    with pytest.raises(ApplicationError):
        services.invitation_resend(by=world.coordinator, invitation=invitation)
    with pytest.raises(ApplicationError):
        services.invitation_withdraw(by=world.coordinator, invitation=invitation)


def test_a_person_who_set_a_password_meanwhile_needs_no_new_link(world, sent):
    invitation, _path = sent
    invitation.user.set_password(PASSWORD)
    invitation.user.save()
    with pytest.raises(ApplicationError, match="voi jo kirjautua"):
        services.invitation_resend(by=world.coordinator, invitation=invitation)


# --- What the coordinator sees ---------------------------------------------------------------


def test_the_people_page_says_invited_with_the_time_it_was_sent(client, world, sent):
    invitation, _path = sent
    imported_member(world, email="ei.kutsua@example.fi")
    client.force_login(world.coordinator)
    html = client.get(reverse("orgs:people", args=[world.school_a.pk])).content.decode()
    when = timezone.localtime(invitation.sent_at).strftime("%-d.%-m.%Y %H:%M")
    assert "kutsuttu" in html and f"lähetetty {when}" in html
    assert reverse("orgs:invitation_resend", args=[invitation.pk]) in html
    assert reverse("orgs:invitation_withdraw", args=[invitation.pk]) in html
    # A member with no invitation is not "kutsuttu": the page offers one.
    never = Membership._default_manager.get(user__email="ei.kutsua@example.fi")
    assert "ei kirjautunut" in html
    assert reverse("orgs:membership_invite", args=[never.pk]) in html


def test_an_expired_invitation_is_marked_and_offered_again(client, world, sent):
    invitation, _path = sent
    expire(invitation)
    client.force_login(world.coordinator)
    for url in (
        reverse("orgs:people", args=[world.school_a.pk]),
        reverse("orgs:invitations", args=[world.school_a.pk]),
    ):
        html = client.get(url).content.decode()
        assert "vanhentunut" in html, url
        assert reverse("orgs:invitation_resend", args=[invitation.pk]) in html, url


def test_the_principal_sees_no_invitation_actions(client, world, sent):
    client.force_login(world.manager)
    html = client.get(reverse("orgs:people", args=[world.school_a.pk])).content.decode()
    assert "Tuula Tuotu" in html
    assert "/invitations/" not in html and "/invite/" not in html


def make_invitations(world: Any, count: int) -> None:
    now = timezone.now()
    for n in range(count):
        Invitation._default_manager.create(
            user=UserFactory(invited=True, email=f"kutsuttu.{n}@example.fi"),
            organisation=world.school_b,
            role="member",
            display_name=f"Kutsuttu {n:02d}",
            invited_by=world.coordinator,
            token_hash=f"{n:064d}",
            expires_at=now + timedelta(days=1 if n % 3 else -1),
            sent_at=now - timedelta(minutes=n),
            send_count=1,
        )


def test_the_invitations_page_searches_filters_and_pages(client, world):
    make_invitations(world, 45)
    client.force_login(world.coordinator)
    url = reverse("orgs:invitations", args=[world.oulu.pk])
    first = client.get(url, {"sub": "on"}).content.decode()
    assert "45 kutsua" in first and first.count("<td>Kutsuttu ") == 25
    assert "Sivu 1 / 2" in first
    assert client.get(url, {"sub": "on", "page": 2}).content.decode().count("<td>Kutsuttu ") == 20
    expired = client.get(url, {"sub": "on", "state": "expired"}).content.decode()
    assert "15 kutsua" in expired
    found = client.get(url, {"sub": "on", "q": "kutsuttu.7@"}).content.decode()
    assert "1 kutsu" in found and "Kutsuttu 07" in found
    # Without sub-organisations, Oulu itself has none.
    assert "Ei kutsuja." in client.get(url).content.decode()


@pytest.mark.parametrize("count", [1, 60])
def test_the_invitations_page_makes_a_constant_number_of_queries(
    client, world, count, django_assert_max_num_queries
):
    make_invitations(world, count)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("orgs:invitations", args=[world.school_b.pk]))
    assert response.status_code == 200


def test_the_coordinators_dashboard_counts_expired_invitations(client, world):
    make_invitations(world, 6)  # two of them expired
    client.force_login(world.coordinator)
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "Vanhentuneet kutsut" in html and "2</span> kutsua vanheni" in html
    assert reverse("orgs:invitations", args=[world.oulu.pk]) + "?state=expired" in html
    client.force_login(world.member)
    assert "Vanhentuneet kutsut" not in client.get(reverse("dashboard:dashboard")).content.decode()


# --- The roster's role names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("rehtori", Role.MANAGER),
        ("REHTORI", Role.MANAGER),
        ("Esihenkilö", Role.MANAGER),
        ("rektor", Role.MANAGER),
        ("principal", Role.MANAGER),
        ("tutoropettaja", Role.TUTOR),
        ("Tutorlärare", Role.TUTOR),
        ("koordinaattori", Role.COORDINATOR),
        ("Samordnare", Role.COORDINATOR),
        ("coordinator", Role.COORDINATOR),
        ("valmentaja", Role.COACH),
        ("jäsen", Role.MEMBER),
        ("medlem", Role.MEMBER),
        ("opettaja", Role.MEMBER),
        ("member", Role.MEMBER),
    ],
)
def test_the_role_column_takes_the_names_the_interface_shows(world, written, role):
    data = f"nimi;sähköposti;organisaatio;rooli\nAino;aino@example.fi;Koulu A;{written}\n"
    rows, problems = roster.roster_parse(by=world.coordinator, filename="a.csv", data=data.encode())
    assert not problems, problems
    assert rows[0]["role"] == role


def test_no_role_name_means_two_roles():
    seen: dict[str, str] = {}
    for entry in roster.role_names():
        for names in entry.names.values():
            for name in names:
                assert seen.setdefault(name.casefold(), entry.value) == entry.value, name


def test_an_unknown_role_lists_the_accepted_names(world):
    data = "nimi;sähköposti;organisaatio;rooli\nAino;aino@example.fi;Koulu A;opettajat\n"
    _rows, problems = roster.roster_parse(
        by=world.coordinator, filename="a.csv", data=data.encode()
    )
    (problem,) = problems
    assert "tuntematon rooli ”opettajat”" in problem.message
    for name in ("koordinaattori", "esihenkilö", "rehtori", "tutoropettaja", "jäsen", "member"):
        assert name in problem.message, name


def test_the_upload_page_shows_the_accepted_names_in_each_language(client, world):
    client.force_login(world.coordinator)
    html = client.get(reverse("orgs:import")).content.decode()
    for name in ("rehtori", "tutoropettaja", "koordinaattori", "rektor", "principal"):
        assert name in html, name
