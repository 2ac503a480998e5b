"""Invitations: a person who already has an account joins an organisation only by accepting;
the inviter sees the name they typed, and the answer never tells whether an account exists.

The attack on the demo: Kempele's coordinator invited Oulu's coordinator (an address they
guessed) as a member; the people list then showed her real name and an active membership
she never accepted. Here Oulu's coordinator invites Kemi's coordinator, Kalle Kemiläinen.
"""

from __future__ import annotations

from typing import Any

import pytest
import rules
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import World
from tutori.access import engine
from tutori.accounts.models import User
from tutori.core.errors import ApplicationError
from tutori.orgs import services
from tutori.orgs.models import Invitation, Membership

TYPED_NAME = "Kalle K. (kutsuttu)"


def open_roles(user: User, organisation: Any) -> list[str]:
    return list(
        Membership._default_manager.filter(
            user=user, organisation=organisation, active_to__isnull=True
        ).values_list("role", flat=True)
    )


def invite(
    world: World, email: str, *, name: str = TYPED_NAME, organisation: Any = None
) -> Invitation:
    return services.person_invite(
        by=world.coordinator,
        organisation=organisation or world.school_b,
        email=email,
        display_name=name,
        role="member",
        request_base_url="http://testserver/",
    )


def link_in_last_mail() -> str:
    body = mail.outbox[-1].body
    return body[body.index("/orgs/invitation/") :].split()[0]


@pytest.fixture
def invited(world, django_capture_on_commit_callbacks) -> Invitation:  # type: ignore[no-untyped-def]
    """Oulu's coordinator has invited Kemi's coordinator into Koulu B, typing another name."""
    with django_capture_on_commit_callbacks(execute=True):
        return invite(world, world.outsider.email)


def test_a_person_with_an_account_elsewhere_is_only_invited(world, invited):
    assert open_roles(world.outsider, world.school_b) == []
    assert invited.membership_on_accept
    assert invited.display_name == TYPED_NAME
    User.objects.get(pk=world.outsider.pk)  # their own account is untouched
    assert User.objects.get(pk=world.outsider.pk).display_name == "Kalle Kemiläinen"


def test_a_waiting_invitation_gives_no_reach(world, invited):
    assert not rules.has_perm("orgs.view_organisation", world.outsider, world.school_b)
    assert world.school_b.pk not in engine.reach(world.outsider).ids()


def test_the_people_list_shows_the_typed_name_as_invited_and_not_the_account(
    client, world, invited
):
    client.force_login(world.coordinator)
    url = reverse("orgs:people", args=[world.school_b.pk])
    html = client.get(url).content.decode()
    assert TYPED_NAME in html and "kutsuttu" in html
    assert "Kalle Kemiläinen" not in html
    assert "0 henkilöä" in html  # a waiting invitation is no member
    # Searching by the account's real name does not find the invitation either.
    assert TYPED_NAME not in client.get(url, {"q": "Kemiläinen"}).content.decode()
    assert TYPED_NAME in client.get(url, {"q": "Kalle K."}).content.decode()
    assert TYPED_NAME not in client.get(url, {"status": "ended"}).content.decode()


def test_the_mail_asks_the_person_to_accept_not_to_set_a_password(world, invited):
    assert mail.outbox[-1].to == [world.outsider.email]
    assert "hyväksyt kutsun" in mail.outbox[-1].body
    assert "aseta salasana" not in mail.outbox[-1].body


def test_accepting_makes_the_person_a_member(client, world, invited):
    path = link_in_last_mail()
    page = client.get(path).content.decode()
    assert "Hyväksy kutsu" in page and 'name="password1"' not in page
    response = client.post(path)
    assert response.status_code == 302
    assert open_roles(world.outsider, world.school_b) == ["member"]
    membership = Membership._default_manager.get(user=world.outsider, organisation=world.school_b)
    assert membership.created_by == world.coordinator
    assert rules.has_perm("orgs.view_organisation", world.outsider, world.school_b)
    # The link works once; the invitation leaves the list, the member is in it.
    assert client.get(path).status_code == 410
    client.force_login(world.coordinator)
    html = client.get(reverse("orgs:people", args=[world.school_b.pk])).content.decode()
    assert "Kalle Kemiläinen" in html and TYPED_NAME not in html


def test_an_invitation_is_accepted_once(world, invited):
    services.invitation_accept(invitation=invited, password=None)
    with pytest.raises(ApplicationError):
        services.invitation_accept(invitation=invited, password=None)
    assert open_roles(world.outsider, world.school_b) == ["member"]


def test_a_new_invitation_replaces_the_waiting_one(
    client, world, invited, django_capture_on_commit_callbacks
):
    first = link_in_last_mail()
    with django_capture_on_commit_callbacks(execute=True):
        invite(world, world.outsider.email, name="Kalle")
    replaced = client.get(first)
    assert replaced.status_code == 410
    assert "korvattu uudemmalla kutsulla" in replaced.content.decode()
    assert client.get(link_in_last_mail()).status_code == 200
    client.force_login(world.coordinator)
    html = client.get(reverse("orgs:people", args=[world.school_b.pk])).content.decode()
    assert "1 kutsu odottaa" in html and TYPED_NAME not in html


def test_a_person_new_to_tutori_joins_at_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(world, "uusi.henkilo@example.fi", name="Uusi Henkilö")
    user = User.objects.get(email="uusi.henkilo@example.fi")
    assert open_roles(user, world.school_b) == ["member"]
    assert not invitation.membership_on_accept
    assert user.display_name == "Uusi Henkilö"
    assert "aseta salasana" in mail.outbox[-1].body


def test_inviting_someone_who_already_holds_a_role_there_is_refused(world):
    """Their role is in the people list the inviter already sees."""
    with pytest.raises(ApplicationError):
        invite(world, world.member.email, organisation=world.school_a)


def _invite_through_the_page(world: World, email: str) -> tuple[int, str, list[str]]:
    client = Client()
    client.force_login(world.coordinator)
    response = client.post(
        reverse("orgs:invite", args=[world.school_b.pk]),
        {"display_name": "Joku Henkilö", "email": email, "role": "member"},
    )
    texts = [str(m).replace(email, "<address>") for m in get_messages(response.wsgi_request)]
    return response.status_code, response["Location"], texts


def test_the_invite_page_answers_alike_for_a_known_and_an_unknown_address(world):
    known = _invite_through_the_page(world, world.outsider.email)
    unknown = _invite_through_the_page(world, "ei-tunnusta@example.fi")
    assert known == unknown
    assert known[0] == 302
