"""Who may publish a weekly time: tutors (and coordinators) where they tutor, as themselves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.tutoring.permissions.conftest import series_body, slots_noted
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import SlotSeries

URL_NAME = "tutoring:series_new"


@pytest.mark.parametrize("role", ["tutor", "coordinator", "admin"])
def test_a_tutor_publishes_three_weekly_times_in_koulu_a(client, world, topic_a, role):
    data = series_body(world.school_a.pk, topics=[topic_a.pk])
    response = post_as(client, world, role, reverse(URL_NAME), data)
    assert response.status_code == 302
    slots = slots_noted()
    assert len(slots) == 3
    assert {(s.tutor, s.organisation, s.capacity) for s in slots} == {
        (world.by_role(role), world.school_a, 4)
    }
    series = SlotSeries._default_manager.get()
    assert series.tutor == world.by_role(role) and series.organisation == world.school_a


@pytest.mark.parametrize("role", ["member", "coach", "manager", "nobody"])
def test_people_who_do_not_tutor_are_refused(client, world, role):
    data = series_body(world.school_a.pk)
    response = post_changing_nothing(client, world, role, reverse(URL_NAME), data)
    assert_refused(response, 403)


def test_kemis_coordinator_cannot_publish_in_koulu_a(client, world):
    data = series_body(world.school_a.pk)
    response = post_changing_nothing(client, world, "outsider", reverse(URL_NAME), data)
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors


def test_naming_koulu_ks_topic_publishes_nothing(client, world, topic_k):
    data = series_body(world.school_a.pk, topics=[topic_k.pk])
    response = post_changing_nothing(client, world, "tutor", reverse(URL_NAME), data)
    assert response.status_code == 400
    assert "topics" in response.context["form"].errors


def test_anonymous_is_sent_to_log_in(client, world):
    data = series_body(world.school_a.pk)
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), data)
    assert_sent_to_login(response)
