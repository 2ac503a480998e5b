"""Who may rename a theme: the workshop's facilitators. Koulu A's member, who joined the
workshop, may not (403); others do not find it (404); another organisation's is not found;
anonymous visitors log in."""

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

URL_NAME = "workshops:theme_rename"


@pytest.mark.parametrize("role", FACILITATORS)
def test_the_facilitators_may(client, world, role):
    obj = grouped(world).theme
    response = post_as(
        client, world, role, reverse(URL_NAME, args=[obj.pk]), {"name": "Vertaistuki"}
    )
    assert response.status_code in (200, 302), response.status_code
    assert fresh(obj).name == "Vertaistuki"


def test_a_participant_may_not(client, world):
    obj = grouped(world).theme
    url = reverse(URL_NAME, args=[obj.pk])
    assert_refused(
        post_changing_nothing(client, world, PARTICIPANT, url, {"name": "Vertaistuki"}), 403
    )


@pytest.mark.parametrize("role", NOT_FOUND)
def test_others_do_not_find_it(client, world, role):
    obj = grouped(world).theme
    url = reverse(URL_NAME, args=[obj.pk])
    assert_refused(post_changing_nothing(client, world, role, url, {"name": "Vertaistuki"}), 404)


def test_another_organisations_is_not_found(client, world):
    other = elsewhere(world).theme
    url = reverse(URL_NAME, args=[other.pk])
    for role in ("coordinator", "tutor"):
        assert_refused(
            post_changing_nothing(client, world, role, url, {"name": "Vertaistuki"}), 404
        )


def test_anonymous_is_sent_to_log_in(client, world):
    obj = grouped(world).theme
    url = reverse(URL_NAME, args=[obj.pk])
    assert_sent_to_login(
        post_changing_nothing(client, world, "anonymous", url, {"name": "Vertaistuki"})
    )
