"""Who may answer an identified survey signed in, without the link: the person it was sent
to, and nobody else (not even the survey's coordinator)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.surveys.permissions.distribution_setup import sent
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.surveys.models import Response

URL_NAME = "surveys:answer"
BODY = {"q-grade": "8", "action": "submit"}


def test_the_teacher_answers_the_survey_sent_to_them(client, world):
    survey, recipient = sent(world, anonymous=False)
    response = post_as(client, world, "member", reverse(URL_NAME, args=[survey.pk]), BODY)
    assert response.status_code == 200
    [answer] = Response._default_manager.filter(survey=survey)
    assert answer.person == world.member and answer.recipient_id == recipient.pk


@pytest.mark.parametrize(
    "role", ["tutor", "coach", "manager", "coordinator", "nobody", "outsider", "admin"]
)
def test_nobody_else_answers_in_their_name(client, world, role):
    survey, _recipient = sent(world, anonymous=False)
    url = reverse(URL_NAME, args=[survey.pk])
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    survey, _recipient = sent(world, anonymous=False)
    url = reverse(URL_NAME, args=[survey.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, BODY))
