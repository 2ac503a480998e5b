"""Who may move an idea into a theme (by the form or drag and drop): the workshop's
facilitators. Koulu A's member, who joined the workshop, may not (403); others do not find
it (404); another organisation's is not found; anonymous visitors log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workshops.facilitate_setup import (
    FACILITATORS,
    NOT_FOUND,
    PARTICIPANT,
    elsewhere,
    fresh,
    grouped,
)
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing

URL_NAME = "workshops:idea_move"


@pytest.mark.parametrize("role", FACILITATORS)
def test_the_facilitators_may(client, world, role):
    obj = grouped(world)
    response = post_as(
        client,
        world,
        role,
        reverse(URL_NAME, args=[obj.idea.pk]),
        {"theme": obj.other_theme.pk, "position": "0"},
    )
    assert response.status_code in (200, 302), response.status_code
    assert fresh(obj.idea).theme_id == obj.other_theme.pk


def test_a_participant_may_not(client, world):
    obj = grouped(world)
    url = reverse(URL_NAME, args=[obj.idea.pk])
    assert_refused(
        post_changing_nothing(
            client, world, PARTICIPANT, url, {"theme": obj.other_theme.pk, "position": "0"}
        ),
        403,
    )


@pytest.mark.parametrize("role", NOT_FOUND)
def test_others_do_not_find_it(client, world, role):
    obj = grouped(world)
    url = reverse(URL_NAME, args=[obj.idea.pk])
    assert_refused(
        post_changing_nothing(
            client, world, role, url, {"theme": obj.other_theme.pk, "position": "0"}
        ),
        404,
    )


def test_another_organisations_is_not_found(client, world):
    other = elsewhere(world)
    url = reverse(URL_NAME, args=[other.idea.pk])
    for role in ("coordinator", "tutor"):
        assert_refused(
            post_changing_nothing(client, world, role, url, {"theme": other.other_theme.pk}), 404
        )


def test_anonymous_is_sent_to_log_in(client, world):
    obj = grouped(world)
    url = reverse(URL_NAME, args=[obj.idea.pk])
    assert_sent_to_login(
        post_changing_nothing(
            client, world, "anonymous", url, {"theme": obj.other_theme.pk, "position": "0"}
        )
    )
