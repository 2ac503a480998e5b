"""Who may send a survey: the coordinators of its organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.surveys.permissions.distribution_setup import kemi_survey, ready
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.surveys.models import Recipient, Survey

URL_NAME = "surveys:send"


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_sends_to_koulu_a(
    client, world, role, django_capture_on_commit_callbacks, mailoutbox
):
    survey = ready(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_as(client, world, role, reverse(URL_NAME, args=[survey.pk]))
    assert response.status_code == 302
    assert Recipient._default_manager.filter(survey=survey).count() == 4
    assert len(mailoutbox) == 4


def test_the_principal_may_not_send(client, world):
    survey = ready(world, status=Survey.Status.OPEN)
    url = reverse(URL_NAME, args=[survey.pk])
    assert_refused(post_changing_nothing(client, world, "manager", url), 403)


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "nobody", "outsider"])
def test_people_who_do_not_see_the_survey_get_404(client, world, role):
    url = reverse(URL_NAME, args=[ready(world).pk])
    assert_refused(post_changing_nothing(client, world, role, url), 404)


def test_oulus_coordinator_cannot_send_kemis_survey(client, world):
    url = reverse(URL_NAME, args=[kemi_survey(world).pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[ready(world).pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url))
