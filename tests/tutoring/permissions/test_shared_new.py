"""Who may publish a municipality's shared tutor time: its coordinators, for its own tutors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.tutoring.permissions.conftest import series_body, slots_noted
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing

URL_NAME = "tutoring:shared_new"


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_publishes_shared_time_of_koulu_as_tutor(client, world, role):
    data = series_body(world.oulu.pk, tutors=[world.tutor.pk])
    response = post_as(client, world, role, reverse(URL_NAME), data)
    assert response.status_code == 302
    slots = slots_noted()
    assert len(slots) == 3
    assert {(s.tutor, s.organisation, s.is_shared) for s in slots} == {
        (world.tutor, world.oulu, True)
    }


@pytest.mark.parametrize("role", ["tutor", "member", "coach", "manager", "nobody"])
def test_people_who_do_not_coordinate_are_refused(client, world, role):
    data = series_body(world.oulu.pk, tutors=[world.tutor.pk])
    response = post_changing_nothing(client, world, role, reverse(URL_NAME), data)
    assert_refused(response, 403)


def test_kemis_coordinator_cannot_publish_in_oulu(client, world):
    data = series_body(world.oulu.pk, tutors=[world.tutor.pk])
    response = post_changing_nothing(client, world, "outsider", reverse(URL_NAME), data)
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors


def test_kemis_coordinator_cannot_give_oulus_tutor_kemis_time(client, world, kemi_tutor):
    data = series_body(world.kemi.pk, tutors=[world.tutor.pk])
    response = post_changing_nothing(client, world, "outsider", reverse(URL_NAME), data)
    assert response.status_code == 400
    assert "tutors" in response.context["form"].errors


def test_oulus_coordinator_cannot_give_kemis_tutor_oulus_time(client, world, kemi_tutor):
    data = series_body(world.oulu.pk, tutors=[kemi_tutor.pk])
    response = post_changing_nothing(client, world, "coordinator", reverse(URL_NAME), data)
    assert response.status_code == 400
    assert "tutors" in response.context["form"].errors


def test_anonymous_is_sent_to_log_in(client, world):
    data = series_body(world.oulu.pk, tutors=[world.tutor.pk])
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), data)
    assert_sent_to_login(response)
