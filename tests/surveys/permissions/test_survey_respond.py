"""Who may answer by a personal link: whoever holds the link (no login), while the survey is
open and the link unused. Another link, a made-up one, or a closed survey changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.surveys.permissions.distribution_setup import TOKEN, sent
from tests.writes import post_as, post_changing_nothing
from tutori.surveys.models import Response, Survey

URL_NAME = "surveys:respond"
BODY = {"q-grade": "9", "action": "submit"}


@pytest.mark.parametrize("role", ["anonymous", "member", "outsider"])
def test_the_holder_of_the_link_answers_signed_in_or_not(client, world, role):
    survey, _recipient = sent(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[TOKEN]), BODY)
    assert response.status_code == 200
    assert Response._default_manager.filter(survey=survey, submitted=True).count() == 1


@pytest.mark.parametrize("role", ["anonymous", "coordinator", "admin"])
def test_a_made_up_link_is_refused_for_everyone(client, world, role):
    sent(world)
    url = reverse(URL_NAME, args=[TOKEN[:-1] + "X"])
    response = post_changing_nothing(client, world, role, url, BODY)
    assert response.status_code == 404
    assert "Linkkiä ei löytynyt" in response.content.decode()


def test_a_link_to_a_closed_survey_saves_nothing(client, world):
    sent(world, status=Survey.Status.CLOSED)
    response = post_changing_nothing(
        client, world, "anonymous", reverse(URL_NAME, args=[TOKEN]), BODY
    )
    assert response.status_code == 410
