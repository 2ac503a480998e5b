"""Who may make or revoke a calendar feed: everyone logged in, for their own calendar only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.writes import assert_sent_to_login, post_as, post_changing_nothing
from tutori.accounts.models import CalendarFeed

URL_NAME = "accounts:feed"
LOGGED_IN = ["nobody", "member", "tutor", "coach", "manager", "coordinator", "outsider", "admin"]


def live_feeds(user) -> list[CalendarFeed]:  # type: ignore[no-untyped-def]
    return list(CalendarFeed._default_manager.filter(user=user, revoked_at__isnull=True))


@pytest.fixture
def tutors_feed(world) -> CalendarFeed:  # type: ignore[no-untyped-def]
    return CalendarFeed._default_manager.create(user=world.tutor, token_hash="a" * 64)


@pytest.mark.parametrize("role", LOGGED_IN)
def test_everyone_logged_in_makes_a_feed_of_their_own(client, world, role):
    response = post_as(client, world, role, reverse(URL_NAME))
    assert response.status_code == 200
    assert len(live_feeds(world.by_role(role))) == 1
    assert "/ical/" in response.content.decode()  # the new secret address, shown once


@pytest.mark.parametrize("role", [r for r in LOGGED_IN if r != "tutor"])
def test_revoking_touches_only_ones_own_feed(client, world, tutors_feed, role):
    response = post_changing_nothing(client, world, role, reverse(URL_NAME), {"action": "revoke"})
    assert response.status_code == 302
    assert live_feeds(world.tutor) == [tutors_feed]


def test_the_owner_revokes_their_feed(client, world, tutors_feed):
    response = post_as(client, world, "tutor", reverse(URL_NAME), {"action": "revoke"})
    assert response.status_code == 302
    assert live_feeds(world.tutor) == []


def test_a_new_feed_of_someone_else_leaves_the_tutors_feed_alive(client, world, tutors_feed):
    post_as(client, world, "outsider", reverse(URL_NAME))
    assert live_feeds(world.tutor) == [tutors_feed]


def test_anonymous_is_sent_to_log_in(client, world, tutors_feed):
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME))
    assert_sent_to_login(response)
