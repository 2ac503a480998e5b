"""Who may publish a one-off time: tutors (and coordinators) where they tutor, as themselves."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.tutoring.permissions.conftest import slot_body, slots_noted
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing

URL_NAME = "tutoring:slot_new"


@pytest.mark.parametrize("role", ["tutor", "coordinator", "admin"])
def test_a_tutor_publishes_a_time_in_koulu_a(client, world, topic_a, role):
    data = slot_body(world.school_a.pk, topics=[topic_a.pk])
    response = post_as(client, world, role, reverse(URL_NAME), data)
    assert response.status_code == 302
    [slot] = slots_noted()
    assert slot.tutor == world.by_role(role)
    assert slot.organisation == world.school_a
    assert timezone.localtime(slot.starts_at).hour == 14
    assert list(slot.topics.all()) == [topic_a]


@pytest.mark.parametrize("role", ["member", "coach", "manager", "nobody"])
def test_people_who_do_not_tutor_are_refused(client, world, role):
    data = slot_body(world.school_a.pk)
    response = post_changing_nothing(client, world, role, reverse(URL_NAME), data)
    assert_refused(response, 403)


def test_kemis_coordinator_cannot_publish_in_koulu_a(client, world):
    data = slot_body(world.school_a.pk)
    response = post_changing_nothing(client, world, "outsider", reverse(URL_NAME), data)
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors


def test_koulu_as_tutor_cannot_publish_in_koulu_b(client, world):
    data = slot_body(world.school_b.pk)
    response = post_changing_nothing(client, world, "tutor", reverse(URL_NAME), data)
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors


def test_naming_koulu_ks_topic_publishes_nothing(client, world, topic_k):
    data = slot_body(world.school_a.pk, topics=[topic_k.pk])
    response = post_changing_nothing(client, world, "tutor", reverse(URL_NAME), data)
    assert response.status_code == 400
    assert "topics" in response.context["form"].errors


def test_anonymous_is_sent_to_log_in(client, world):
    data = slot_body(world.school_a.pk)
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), data)
    assert_sent_to_login(response)
