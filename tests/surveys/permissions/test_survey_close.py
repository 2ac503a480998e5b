"""Who may close a survey by hand: the coordinators of its organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.surveys.permissions.distribution_setup import kemi_survey, sent
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.surveys.models import Survey

URL_NAME = "surveys:close"


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_closes_the_survey(client, world, role):
    survey, _recipient = sent(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[survey.pk]))
    assert response.status_code == 302
    assert Survey._default_manager.get(pk=survey.pk).status == Survey.Status.CLOSED


def test_the_principal_may_not_close(client, world):
    survey, _recipient = sent(world)
    url = reverse(URL_NAME, args=[survey.pk])
    assert_refused(post_changing_nothing(client, world, "manager", url), 403)


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "nobody", "outsider"])
def test_people_who_do_not_see_the_survey_get_404(client, world, role):
    survey, _recipient = sent(world)
    assert_refused(
        post_changing_nothing(client, world, role, reverse(URL_NAME, args=[survey.pk])), 404
    )


def test_oulus_coordinator_cannot_close_kemis_survey(client, world):
    url = reverse(URL_NAME, args=[kemi_survey(world).pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    survey, _recipient = sent(world)
    url = reverse(URL_NAME, args=[survey.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url))
