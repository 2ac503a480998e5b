"""Who may remove a school's named tutor: the coordinators above the school (as for setting
one); the page asks first, the POST removes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import NamedTutor

URL_NAME = "tutoring:named_tutor_remove"


@pytest.fixture
def named_a(world) -> NamedTutor:  # type: ignore[no-untyped-def]
    return NamedTutor._default_manager.create(
        school=world.school_a, tutor=world.tutor, set_by=world.coordinator
    )


def url(school_pk: int) -> str:
    return reverse(URL_NAME, args=[school_pk])


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_removes_koulu_as_named_tutor(client, world, named_a, role):
    response = post_as(client, world, role, url(world.school_a.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("tutoring:named_tutors")
    assert not NamedTutor._default_manager.filter(school=world.school_a).exists()


def test_the_page_asks_first_and_a_get_removes_nothing(client, world, named_a):
    client.force_login(world.coordinator)
    html = client.get(url(world.school_a.pk)).content.decode()
    assert "Kyllä, poista nimikkotutor" in html and "Tiina Tutor" in html
    assert NamedTutor._default_manager.filter(school=world.school_a).exists()


@pytest.mark.parametrize("role", ["tutor", "member", "coach", "manager", "nobody"])
def test_people_who_do_not_coordinate_are_refused(client, world, named_a, role):
    response = post_changing_nothing(client, world, role, url(world.school_a.pk))
    assert_refused(response, 403)


def test_kemis_coordinator_does_not_find_koulu_as_named_tutor(client, world, named_a):
    response = post_changing_nothing(client, world, "outsider", url(world.school_a.pk))
    assert_refused(response, 404)


def test_a_school_without_a_named_tutor_is_not_found(client, world):
    response = post_changing_nothing(client, world, "coordinator", url(world.school_b.pk))
    assert_refused(response, 404)


def test_anonymous_is_sent_to_log_in(client, world, named_a):
    response = post_changing_nothing(client, world, "anonymous", url(world.school_a.pk))
    assert_sent_to_login(response)
