"""Who may make a survey from an instrument: any coordinator from a built-in one, into the
organisations they reach; an organisation's own instrument only where it is shared (that
organisation and below)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.surveys.factories import QuestionFactory, SurveyFactory
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.surveys.models import Survey

URL_NAME = "surveys:from_instrument"


@pytest.fixture
def built_in(world):  # type: ignore[no-untyped-def]
    instrument = SurveyFactory(instrument=True, title="Alustan mittari")
    QuestionFactory(survey=instrument, key="q1", likert=True)
    return instrument


@pytest.fixture
def oulus_own(world):  # type: ignore[no-untyped-def]
    instrument = SurveyFactory(instrument=True, organisation=world.oulu, title="Oulun mittari")
    QuestionFactory(survey=instrument, key="q1", likert=True)
    return instrument


def body(organisation_id: int, title: str = "Mittarista") -> dict[str, object]:
    return {"organisation": organisation_id, "title": title, "as_instrument": "0"}


def url(instrument: Survey) -> str:
    return reverse(URL_NAME, args=[instrument.pk])


@pytest.mark.parametrize("role", ["coordinator", "outsider", "admin"])
def test_a_coordinator_makes_a_survey_of_a_built_in_instrument(client, world, built_in, role):
    organisation = world.kemi if role == "outsider" else world.oulu
    response = post_as(client, world, role, url(built_in), body(organisation.pk))
    assert response.status_code == 302
    made = Survey._default_manager.get(title="Mittarista")
    assert made.instrument == built_in and made.questions.get().key == "q1"


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "manager", "nobody"])
def test_people_who_do_not_build_are_refused(client, world, built_in, role):
    response = post_changing_nothing(client, world, role, url(built_in), body(world.oulu.pk))
    assert_refused(response, 403)


def test_another_municipality_neither_finds_oulus_instrument_nor_builds_in_oulu(
    client, world, built_in, oulus_own
):
    response = post_changing_nothing(client, world, "outsider", url(oulus_own), body(world.kemi.pk))
    assert_refused(response, 404)
    response = post_changing_nothing(client, world, "outsider", url(built_in), body(world.oulu.pk))
    assert_refused(response, 400)


def test_anonymous_is_sent_to_log_in(client, world, built_in):
    response = post_changing_nothing(client, world, "anonymous", url(built_in), body(world.oulu.pk))
    assert_sent_to_login(response)
