"""Who may add a topic to an organisation's vocabulary: its coordinators (and those above)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import Topic

URL_NAME = "tutoring:topics"


def body(organisation_id: int):  # type: ignore[no-untyped-def]
    return {"organisation": organisation_id, "name": "Lupatesti", "description": ""}


def topics_named() -> list[Topic]:
    return list(Topic._default_manager.filter(name="Lupatesti"))


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_adds_a_topic_to_koulu_a(client, world, role):
    response = post_as(client, world, role, reverse(URL_NAME), body(world.school_a.pk))
    assert response.status_code == 302
    [topic] = topics_named()
    assert topic.organisation == world.school_a


@pytest.mark.parametrize("role", ["tutor", "member", "coach", "manager", "nobody"])
def test_people_who_do_not_coordinate_are_refused(client, world, role):
    data = body(world.school_a.pk)
    response = post_changing_nothing(client, world, role, reverse(URL_NAME), data)
    assert_refused(response, 403)


def test_kemis_coordinator_cannot_add_a_topic_to_koulu_a(client, world):
    data = body(world.school_a.pk)
    response = post_changing_nothing(client, world, "outsider", reverse(URL_NAME), data)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors


def test_anonymous_is_sent_to_log_in(client, world):
    data = body(world.school_a.pk)
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), data)
    assert_sent_to_login(response)
