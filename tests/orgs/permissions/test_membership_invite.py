"""Who may mail a member who cannot log in yet a new invitation: the coordinators of the
organisation (and above)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.orgs.models import Invitation, InvitationState, Membership

URL_NAME = "orgs:membership_invite"


@pytest.fixture
def imported(world) -> Membership:  # type: ignore[no-untyped-def]
    """A teacher imported into Koulu A before invitations were mailed: no password, no link."""
    person = UserFactory(invited=True, email="tuotu@example.fi", display_name="Tuula Tuotu")
    return MembershipFactory(organisation=world.school_a, user=person)


@pytest.fixture
def imported_in_kemi(world) -> Membership:  # type: ignore[no-untyped-def]
    person = UserFactory(invited=True, email="kemi.tuotu@example.fi")
    return MembershipFactory(organisation=world.school_k, user=person)


def url(membership: Membership) -> str:
    return reverse(URL_NAME, args=[membership.pk])


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_invites_the_imported_teacher(
    client, world, imported, role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_as(client, world, role, url(imported))
    assert response.status_code == 302
    invitation = Invitation._default_manager.get(user=imported.user)
    assert invitation.state == InvitationState.WAITING
    assert invitation.organisation == world.school_a and not invitation.membership_on_accept
    assert [m.to for m in mail.outbox] == [["tuotu@example.fi"]]
    assert "aseta salasana" in mail.outbox[0].body


def test_the_principal_who_sees_the_membership_may_not_invite(client, world, imported):
    response = post_changing_nothing(client, world, "manager", url(imported))
    assert_refused(response, 403)


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "nobody", "outsider"])
def test_others_do_not_find_the_membership(client, world, imported, role):
    response = post_changing_nothing(client, world, role, url(imported))
    assert_refused(response, 404)


def test_oulus_coordinator_does_not_find_a_membership_in_kemi(client, world, imported_in_kemi):
    response = post_changing_nothing(client, world, "coordinator", url(imported_in_kemi))
    assert_refused(response, 404)


def test_a_member_who_can_log_in_needs_no_invitation(client, world):
    membership = Membership._default_manager.get(user=world.member, organisation=world.school_a)
    response = post_changing_nothing(client, world, "coordinator", url(membership))
    assert response.status_code == 302  # back to the people page, with the reason


def test_anonymous_is_sent_to_log_in(client, world, imported):
    response = post_changing_nothing(client, world, "anonymous", url(imported))
    assert_sent_to_login(response)
