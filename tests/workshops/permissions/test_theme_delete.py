"""Who may delete a theme (its ideas become ungrouped): the workshop's facilitators. Koulu A's
member, who joined the workshop, may not (403); others do not find it (404); another
organisation's is not found; anonymous visitors log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workshops.facilitate_setup import (
    FACILITATORS,
    NOT_FOUND,
    PARTICIPANT,
    elsewhere,
    grouped,
    theme_names,
)
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing

URL_NAME = "workshops:theme_delete"


@pytest.mark.parametrize("role", FACILITATORS)
def test_the_facilitators_may(client, world, role):
    obj = grouped(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[obj.theme.pk]), {})
    assert response.status_code in (200, 302), response.status_code
    assert theme_names(obj.question) == ["Tukeminen"]


def test_a_participant_may_not(client, world):
    obj = grouped(world)
    url = reverse(URL_NAME, args=[obj.theme.pk])
    assert_refused(post_changing_nothing(client, world, PARTICIPANT, url, {}), 403)


@pytest.mark.parametrize("role", NOT_FOUND)
def test_others_do_not_find_it(client, world, role):
    obj = grouped(world)
    url = reverse(URL_NAME, args=[obj.theme.pk])
    assert_refused(post_changing_nothing(client, world, role, url, {}), 404)


def test_another_organisations_is_not_found(client, world):
    other = elsewhere(world)
    url = reverse(URL_NAME, args=[other.theme.pk])
    for role in ("coordinator", "tutor"):
        assert_refused(post_changing_nothing(client, world, role, url, {}), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    obj = grouped(world)
    url = reverse(URL_NAME, args=[obj.theme.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, {}))
