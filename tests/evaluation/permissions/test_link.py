"""Who may choose a programme's evaluation surveys (and make one from the instrument): the
coordinators of the organiser (or above it). Those who see the programme may not (its
steering group reads the reports, nothing more); Kemi's coordinator may not link Oulu's
programme; anonymous visitors are sent to log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.evaluation.link_setup import linkable
from tests.factories import UserFactory
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.models import ProgrammeEvaluation

URL_NAME = "evaluation:link"


def _evaluation(programme):  # type: ignore[no-untyped-def]
    with scopes_disabled():
        return ProgrammeEvaluation.objects.filter(programme=programme).first()


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_coordinator_links_the_surveys(client, world, role):
    setup = linkable(world)
    url = reverse(URL_NAME, args=[setup.programme.pk])
    response = post_as(
        client,
        world,
        role,
        url,
        {"pre": setup.pre.pk, "post": setup.post.pk, "feedback": setup.feedback.pk},
    )
    assert response.status_code == 302
    evaluation = _evaluation(setup.programme)
    assert evaluation.pre_survey_id == setup.pre.pk
    assert evaluation.feedback_survey_id == setup.feedback.pk


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_coordinator_makes_a_survey_from_the_instrument(client, world, role):
    setup = linkable(world)
    url = reverse(URL_NAME, args=[setup.programme.pk])
    assert post_as(client, world, role, url, {"create": "pre"}).status_code == 302
    assert _evaluation(setup.programme).pre_survey_id is not None


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "manager", "outsider"])
def test_those_who_see_the_programme_may_not(client, world, role):
    setup = linkable(world)
    url = reverse(URL_NAME, args=[setup.programme.pk])
    for data in ({"pre": setup.pre.pk}, {"create": "pre"}):
        assert_refused(post_changing_nothing(client, world, role, url, data), 403)


def test_the_steering_group_may_not(client, world):
    setup = linkable(world)
    steerer = UserFactory()
    setup.programme.steering_group.add(steerer)
    world.nobody = steerer  # the role "nobody" logs in as them
    url = reverse(URL_NAME, args=[setup.programme.pk])
    assert_refused(post_changing_nothing(client, world, "nobody", url, {"pre": setup.pre.pk}), 403)


def test_one_without_a_role_does_not_find_it(client, world):
    setup = linkable(world)
    url = reverse(URL_NAME, args=[setup.programme.pk])
    assert_refused(post_changing_nothing(client, world, "nobody", url, {"pre": setup.pre.pk}), 404)


def test_another_organisations_coordinator_may_not_link_a_draft(client, world):
    setup = linkable(world, status="draft")
    url = reverse(URL_NAME, args=[setup.programme.pk])
    assert_refused(
        post_changing_nothing(client, world, "outsider", url, {"pre": setup.pre.pk}), 404
    )


def test_anonymous_is_sent_to_log_in(client, world):
    setup = linkable(world)
    url = reverse(URL_NAME, args=[setup.programme.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, {"pre": 1}))
