"""Who may start a survey and in which organisation: a coordinator in the organisations they
reach (Oulu and its schools); never in another municipality."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.surveys.models import Survey

URL_NAME = "surveys:new"


def body(organisation_id: int) -> dict[str, object]:
    return {
        "organisation": organisation_id,
        "title": "Lupatesti",
        "purpose": "needs",
        "anonymous": "1",
    }


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_starts_a_survey_in_a_school_of_oulu(client, world, role):
    response = post_as(client, world, role, reverse(URL_NAME), body(world.school_a.pk))
    assert response.status_code == 302
    assert Survey._default_manager.get(title="Lupatesti").organisation == world.school_a


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "manager", "nobody"])
def test_people_who_do_not_build_are_refused(client, world, role):
    response = post_changing_nothing(client, world, role, reverse(URL_NAME), body(world.oulu.pk))
    assert_refused(response, 403)


def test_a_coordinator_cannot_start_one_in_another_municipality(client, world):
    response = post_changing_nothing(
        client, world, "coordinator", reverse(URL_NAME), body(world.kemi.pk)
    )
    assert_refused(response, 400)
    response = post_changing_nothing(
        client, world, "outsider", reverse(URL_NAME), body(world.school_a.pk)
    )
    assert_refused(response, 400)


def test_anonymous_is_sent_to_log_in(client, world):
    response = post_changing_nothing(
        client, world, "anonymous", reverse(URL_NAME), body(world.oulu.pk)
    )
    assert_sent_to_login(response)
