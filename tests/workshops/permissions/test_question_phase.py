"""Who may move a question to another phase: the workshop's facilitators. Koulu A's member, who
joined the workshop, may not (403); others do not find it (404); another organisation's is
not found; anonymous visitors log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workshops.facilitate_setup import (
    FACILITATORS,
    NOT_FOUND,
    PARTICIPANT,
    elsewhere,
    fresh,
    school_workshop,
)
from tests.workshops.workshop_setup import questions
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing

URL_NAME = "workshops:question_phase"


@pytest.mark.parametrize("role", FACILITATORS)
def test_the_facilitators_may(client, world, role):
    obj = questions(school_workshop(world))[0]
    response = post_as(client, world, role, reverse(URL_NAME, args=[obj.pk]), {"phase": "grouping"})
    assert response.status_code in (200, 302), response.status_code
    assert fresh(obj).phase == "grouping"


def test_a_participant_may_not(client, world):
    obj = questions(school_workshop(world))[0]
    url = reverse(URL_NAME, args=[obj.pk])
    assert_refused(
        post_changing_nothing(client, world, PARTICIPANT, url, {"phase": "grouping"}), 403
    )


@pytest.mark.parametrize("role", NOT_FOUND)
def test_others_do_not_find_it(client, world, role):
    obj = questions(school_workshop(world))[0]
    url = reverse(URL_NAME, args=[obj.pk])
    assert_refused(post_changing_nothing(client, world, role, url, {"phase": "grouping"}), 404)


def test_another_organisations_is_not_found(client, world):
    other = questions(elsewhere(world).workshop)[1]
    url = reverse(URL_NAME, args=[other.pk])
    for role in ("coordinator", "tutor"):
        assert_refused(post_changing_nothing(client, world, role, url, {"phase": "grouping"}), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    obj = questions(school_workshop(world))[0]
    url = reverse(URL_NAME, args=[obj.pk])
    assert_sent_to_login(
        post_changing_nothing(client, world, "anonymous", url, {"phase": "grouping"})
    )
