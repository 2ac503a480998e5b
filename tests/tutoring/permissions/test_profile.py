"""Who may write a tutor profile: tutors (and coordinators) of the organisation, their own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import TutorProfile

URL_NAME = "tutoring:profile"


def url(organisation) -> str:  # type: ignore[no-untyped-def]
    return f"{reverse(URL_NAME)}?org={organisation.pk}"


def body(**overrides):  # type: ignore[no-untyped-def]
    return {
        "description": "Autan Wilman ja arvioinnin kanssa.",
        "languages": "suomi, ruotsi",
        "is_published": "on",
        **overrides,
    }


def profiles_in(organisation) -> list[TutorProfile]:  # type: ignore[no-untyped-def]
    return list(TutorProfile._default_manager.filter(organisation=organisation))


@pytest.mark.parametrize("role", ["tutor", "coordinator", "admin"])
def test_a_tutor_of_koulu_a_writes_their_profile_there(client, world, topic_a, role):
    data = body(topics=[topic_a.pk], schools=[world.school_b.pk])
    response = post_as(client, world, role, url(world.school_a), data)
    assert response.status_code == 302
    profile = TutorProfile._default_manager.get(
        user=world.by_role(role), organisation=world.school_a
    )
    assert profile.description == "Autan Wilman ja arvioinnin kanssa."
    assert list(profile.topics.all()) == [topic_a]
    assert list(profile.schools.all()) == [world.school_b]


@pytest.mark.parametrize("role", ["member", "coach", "manager", "nobody"])
def test_people_who_do_not_tutor_are_refused(client, world, role):
    response = post_changing_nothing(client, world, role, url(world.school_a), body())
    assert_refused(response, 403)


def test_kemis_coordinator_naming_koulu_a_writes_nothing_in_koulu_a(client, world):
    post_as(client, world, "outsider", url(world.school_a), body())
    assert profiles_in(world.school_a) == []


def test_naming_an_organisation_one_does_not_tutor_in_writes_nothing(client, world):
    response = post_changing_nothing(client, world, "outsider", url(world.school_a), body())
    assert_refused(response, 404)


@pytest.mark.parametrize("field", ["topics", "schools"])
def test_naming_koulu_ks_topic_or_school_writes_nothing(client, world, topic_k, field):
    other = {"topics": topic_k.pk, "schools": world.school_k.pk}[field]
    response = post_changing_nothing(
        client, world, "tutor", url(world.school_a), body(**{field: [other]})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_anonymous_is_sent_to_log_in(client, world):
    response = post_changing_nothing(client, world, "anonymous", url(world.school_a), body())
    assert_sent_to_login(response)
