"""Who may choose a survey's audience: the coordinators of its organisation, among the
organisations they reach."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.surveys.permissions.distribution_setup import kemi_survey, ready
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.surveys.models import Survey

URL_NAME = "surveys:audience"


def body(organisation_id: int) -> dict[str, object]:
    return {"organisations": [organisation_id], "include_descendants": "on", "roles": ["tutor"]}


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_sends_the_survey_to_koulu_bs_tutors(client, world, role):
    survey = ready(world)
    response = post_as(
        client, world, role, reverse(URL_NAME, args=[survey.pk]), body(world.school_b.pk)
    )
    assert response.status_code == 302
    survey = Survey._default_manager.get(pk=survey.pk)
    assert list(survey.audience_organisations.all()) == [world.school_b]
    assert survey.audience_roles == ["tutor"]


def test_the_principal_sees_the_survey_but_may_not_choose_its_audience(client, world):
    survey = ready(world, status=Survey.Status.OPEN)
    url = reverse(URL_NAME, args=[survey.pk])
    assert_refused(
        post_changing_nothing(client, world, "manager", url, body(world.school_a.pk)), 403
    )


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "nobody", "outsider"])
def test_people_who_do_not_see_the_survey_get_404(client, world, role):
    survey = ready(world)
    url = reverse(URL_NAME, args=[survey.pk])
    assert_refused(post_changing_nothing(client, world, role, url, body(world.school_a.pk)), 404)


def test_oulus_coordinator_cannot_send_to_kemis_school(client, world):
    survey = ready(world)
    url = reverse(URL_NAME, args=[survey.pk])
    response = post_changing_nothing(client, world, "coordinator", url, body(world.school_k.pk))
    assert response.status_code == 200
    assert "organisations" in response.context["form"].errors


def test_oulus_coordinator_cannot_touch_kemis_survey(client, world):
    url = reverse(URL_NAME, args=[kemi_survey(world).pk])
    assert_refused(
        post_changing_nothing(client, world, "coordinator", url, body(world.school_a.pk)), 404
    )


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[ready(world).pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, body(1)))
