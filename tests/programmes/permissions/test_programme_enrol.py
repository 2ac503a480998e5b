"""Who may enrol people directly: the organiser's coordinators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.applications_setup import open_programme
from tests.programmes.permissions.applications_cases import elsewhere
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Participant

URL_NAME = "programmes:enrol"


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_enrols_the_teacher(client, world, role):
    programme = open_programme(world)
    url = reverse(URL_NAME, args=[programme.pk])
    response = post_as(client, world, role, url, {"person": world.member.pk})
    assert response.status_code == 302
    p = Participant._default_manager.get(programme=programme, person=world.member)
    assert p.status == Participant.Status.ENROLLED


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "manager", "outsider"])
def test_people_who_see_the_programme_may_not_enrol(client, world, role):
    programme = open_programme(world)
    url = reverse(URL_NAME, args=[programme.pk])
    assert_refused(
        post_changing_nothing(client, world, role, url, {"person": world.member.pk}), 403
    )


def test_people_who_do_not_see_it_get_404(client, world):
    url = reverse(URL_NAME, args=[open_programme(world).pk])
    assert_refused(
        post_changing_nothing(client, world, "nobody", url, {"person": world.member.pk}), 404
    )


def test_oulus_coordinator_cannot_enrol_into_another_organisations_programme(client, world):
    programme, _p = elsewhere(world)
    url = reverse(URL_NAME, args=[programme.pk])
    assert_refused(
        post_changing_nothing(client, world, "coordinator", url, {"person": world.member.pk}),
        404,
    )


def test_a_person_the_coordinator_does_not_see_is_404(client, world):
    """Kemi's coordinator is not one of Oulu's people: enrolling them is a 404."""
    programme = open_programme(world)
    url = reverse(URL_NAME, args=[programme.pk])
    assert_refused(
        post_changing_nothing(client, world, "coordinator", url, {"person": world.outsider.pk}),
        404,
    )


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[open_programme(world).pk])
    assert_sent_to_login(
        post_changing_nothing(client, world, "anonymous", url, {"person": world.member.pk})
    )
