"""Who may withdraw an invitation: the coordinators of its organisation (and above)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.orgs.models import Invitation, InvitationState

URL_NAME = "orgs:invitation_withdraw"


def url(invitation: Invitation) -> str:
    return reverse(URL_NAME, args=[invitation.pk])


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_withdraws_the_invitation(client, world, koulu_a_invitation, role):
    response = post_as(client, world, role, url(koulu_a_invitation))
    assert response.status_code == 302
    withdrawn = Invitation._default_manager.get(pk=koulu_a_invitation.pk)
    assert withdrawn.state == InvitationState.WITHDRAWN
    assert withdrawn.withdrawn_by == world.by_role(role)


@pytest.mark.parametrize("role", ["manager", "tutor", "coach", "member", "nobody", "outsider"])
def test_no_one_else_finds_the_invitation(client, world, koulu_a_invitation, role):
    response = post_changing_nothing(client, world, role, url(koulu_a_invitation))
    assert_refused(response, 404)


def test_oulus_coordinator_does_not_find_an_invitation_into_kemi(client, world, koulu_k_invitation):
    response = post_changing_nothing(client, world, "coordinator", url(koulu_k_invitation))
    assert_refused(response, 404)


def test_anonymous_is_sent_to_log_in(client, world, koulu_a_invitation):
    response = post_changing_nothing(client, world, "anonymous", url(koulu_a_invitation))
    assert_sent_to_login(response)
