"""Who may accept an invitation: whoever holds the e-mailed link, for the invited person only,
while the link is live."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.writes import assert_refused, post_changing_nothing
from tutori.accounts.models import User
from tutori.orgs.models import Invitation

# The link mailed today, and the address of links mailed before invitations moved to orgs/.
URL_NAMES = ["orgs:invitation", "invitation_legacy"]
TOKEN = "kutsu-token-0123456789-abcdefghijklmnopqrstuv"
BODY = {"password1": "Hyvä-salasana-2026", "password2": "Hyvä-salasana-2026"}


def invite(world, token=TOKEN, **overrides) -> Invitation:  # type: ignore[no-untyped-def]
    fields = {
        "user": UserFactory(invited=True, email="kutsuttu@example.fi"),
        "organisation": world.school_a,
        "role": "member",
        "invited_by": world.coordinator,
        "token_hash": hashlib.sha256(token.encode()).hexdigest(),
        "expires_at": timezone.now() + timedelta(days=14),
        **overrides,
    }
    return Invitation._default_manager.create(**fields)


@pytest.fixture(params=URL_NAMES)
def url_name(request) -> str:  # type: ignore[no-untyped-def]
    return request.param


def url(name: str, token: str = TOKEN) -> str:
    return reverse(name, args=[token])


def test_the_invited_person_sets_a_password_and_is_logged_in(client, world, url_name):
    invitation = invite(world)
    response = client.post(url(url_name), BODY)
    assert response.status_code == 302
    invited = User.objects.get(pk=invitation.user_id)
    assert invited.check_password("Hyvä-salasana-2026")
    assert Invitation._default_manager.get(pk=invitation.pk).accepted_at is not None
    assert client.session[SESSION_KEY] == str(invited.pk)


def test_a_link_held_by_someone_logged_in_changes_only_the_invited_person(client, world, url_name):
    invitation = invite(world)
    members_password = User.objects.get(pk=world.member.pk).password
    client.force_login(world.member)
    client.post(url(url_name), BODY)
    assert User.objects.get(pk=world.member.pk).password == members_password
    assert User.objects.get(pk=invitation.user_id).check_password("Hyvä-salasana-2026")


def test_a_wrong_token_is_not_found(client, world, url_name):
    invite(world)
    response = post_changing_nothing(client, world, "anonymous", url(url_name, "arvattu"), BODY)
    assert_refused(response, 404)


def test_an_expired_link_is_gone(client, world, url_name):
    invite(world, expires_at=timezone.now() - timedelta(minutes=1))
    response = post_changing_nothing(client, world, "anonymous", url(url_name), BODY)
    assert_refused(response, 410)


def test_a_withdrawn_link_is_gone(client, world, url_name):
    invite(world, withdrawn_at=timezone.now() - timedelta(minutes=1))
    response = post_changing_nothing(client, world, "anonymous", url(url_name), BODY)
    assert_refused(response, 410)


def test_a_used_link_is_gone(client, world, url_name):
    invite(world, accepted_at=timezone.now() - timedelta(days=1))
    response = post_changing_nothing(client, world, "anonymous", url(url_name), BODY)
    assert_refused(response, 410)


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_someone_elses_used_link_changes_nothing_for_anyone(client, world, url_name, role):
    invite(world, accepted_at=timezone.now() - timedelta(days=1))
    response = post_changing_nothing(client, world, role, url(url_name), BODY)
    assert_refused(response, 410)
