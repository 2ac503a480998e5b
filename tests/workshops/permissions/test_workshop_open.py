"""Who may open a workshop (a join code is made): its facilitators. Nobody has joined a draft,
so Koulu A's member does not find it either (404), as the others; another organisation's is
not found; anonymous visitors log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workshops.facilitate_setup import (
    FACILITATORS,
    NOT_FOUND,
    PARTICIPANT,
    draft_elsewhere,
    fresh,
    school_workshop,
)
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing

URL_NAME = "workshops:open"


@pytest.mark.parametrize("role", FACILITATORS)
def test_the_facilitators_may(client, world, role):
    obj = school_workshop(world, opened=False)
    response = post_as(client, world, role, reverse(URL_NAME, args=[obj.pk]), {})
    assert response.status_code in (200, 302), response.status_code
    assert fresh(obj).status == "open"


def test_a_participant_may_not(client, world):
    """Nobody has joined a draft: Koulu A's member does not find it."""
    obj = school_workshop(world, opened=False)
    url = reverse(URL_NAME, args=[obj.pk])
    assert_refused(post_changing_nothing(client, world, PARTICIPANT, url, {}), 404)


@pytest.mark.parametrize("role", NOT_FOUND)
def test_others_do_not_find_it(client, world, role):
    obj = school_workshop(world, opened=False)
    url = reverse(URL_NAME, args=[obj.pk])
    assert_refused(post_changing_nothing(client, world, role, url, {}), 404)


def test_another_organisations_is_not_found(client, world):
    other = draft_elsewhere(world)
    url = reverse(URL_NAME, args=[other.pk])
    for role in ("coordinator", "tutor"):
        assert_refused(post_changing_nothing(client, world, role, url, {}), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    obj = school_workshop(world, opened=False)
    url = reverse(URL_NAME, args=[obj.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, {}))
