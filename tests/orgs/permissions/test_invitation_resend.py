"""Who may send an invitation again (a new link and expiry): the coordinators of its
organisation (and above)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.orgs.models import Invitation

URL_NAME = "orgs:invitation_resend"


def url(invitation: Invitation) -> str:
    return reverse(URL_NAME, args=[invitation.pk])


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_sends_the_expired_invitation_again(
    client, world, koulu_a_invitation, role, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_as(client, world, role, url(koulu_a_invitation))
    assert response.status_code == 302
    again = Invitation._default_manager.get(pk=koulu_a_invitation.pk)
    assert again.token_hash != koulu_a_invitation.token_hash  # the old link stops working
    assert again.send_count == 2
    assert again.expires_at > timezone.now() and again.sent_at > koulu_a_invitation.sent_at
    assert [m.to for m in mail.outbox] == [["tuotu@example.fi"]]


@pytest.mark.parametrize("role", ["manager", "tutor", "coach", "member", "nobody", "outsider"])
def test_no_one_else_finds_the_invitation(client, world, koulu_a_invitation, role):
    response = post_changing_nothing(client, world, role, url(koulu_a_invitation))
    assert_refused(response, 404)


def test_oulus_coordinator_does_not_find_an_invitation_into_kemi(client, world, koulu_k_invitation):
    response = post_changing_nothing(client, world, "coordinator", url(koulu_k_invitation))
    assert_refused(response, 404)


def test_a_withdrawn_invitation_is_not_sent_again(client, world, koulu_a_invitation):
    Invitation._default_manager.filter(pk=koulu_a_invitation.pk).update(withdrawn_at=timezone.now())
    response = post_changing_nothing(client, world, "coordinator", url(koulu_a_invitation))
    assert response.status_code == 302  # back to the list, with the reason


def test_anonymous_is_sent_to_log_in(client, world, koulu_a_invitation):
    response = post_changing_nothing(client, world, "anonymous", url(koulu_a_invitation))
    assert_sent_to_login(response)
