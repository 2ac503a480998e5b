"""Who may set a school's named tutor: the coordinators above the school, choosing among the
tutors of the school and its municipality."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import NamedTutor

URL_NAME = "tutoring:named_tutors"


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_names_koulu_as_tutor(client, world, role):
    data = {"school": world.school_a.pk, "tutor": world.tutor.pk}
    response = post_as(client, world, role, reverse(URL_NAME), data)
    assert response.status_code == 302
    named = NamedTutor._default_manager.get(school=world.school_a)
    assert named.tutor == world.tutor
    assert named.set_by == world.by_role(role)


@pytest.mark.parametrize("role", ["tutor", "member", "coach", "manager", "nobody"])
def test_people_who_do_not_coordinate_are_refused(client, world, role):
    data = {"school": world.school_a.pk, "tutor": world.tutor.pk}
    response = post_changing_nothing(client, world, role, reverse(URL_NAME), data)
    assert_refused(response, 403)


def test_kemis_coordinator_cannot_name_koulu_as_tutor(client, world):
    data = {"school": world.school_a.pk, "tutor": world.tutor.pk}
    response = post_changing_nothing(client, world, "outsider", reverse(URL_NAME), data)
    assert response.status_code == 200
    assert response.context["refusal"]


def test_oulus_coordinator_cannot_name_kemis_tutor_for_koulu_a(client, world, kemi_tutor):
    data = {"school": world.school_a.pk, "tutor": kemi_tutor.pk}
    response = post_changing_nothing(client, world, "coordinator", reverse(URL_NAME), data)
    assert response.status_code == 200
    assert "tutor" in response.context["posted_form"].errors


def test_anonymous_is_sent_to_log_in(client, world):
    data = {"school": world.school_a.pk, "tutor": world.tutor.pk}
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), data)
    assert_sent_to_login(response)
