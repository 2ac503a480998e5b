"""Who may rename or deactivate a topic: the coordinators of its organisation (and above)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import TopicFactory
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import Topic

URL_NAME = "tutoring:topic_edit"
BODY = {"name": "Arviointi ja palaute", "description": "Uusi kuvaus"}  # is_active unticked


@pytest.fixture
def topic_oulu(world) -> Topic:  # type: ignore[no-untyped-def]
    """A topic of Oulu: seen in all of Oulu and, through the network, in Kemi."""
    return TopicFactory(organisation=world.oulu, name="Arviointi")


def url(topic: Topic) -> str:
    return reverse(URL_NAME, args=[topic.pk])


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_renames_and_deactivates_oulus_topic(client, world, topic_oulu, role):
    response = post_as(client, world, role, url(topic_oulu), BODY)
    assert response.status_code == 302
    topic = Topic._default_manager.get(pk=topic_oulu.pk)
    assert (topic.name, topic.description, topic.is_active) == (
        "Arviointi ja palaute",
        "Uusi kuvaus",
        False,
    )


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "manager", "outsider"])
def test_people_who_see_the_topic_but_do_not_curate_it_are_refused(client, world, topic_oulu, role):
    response = post_changing_nothing(client, world, role, url(topic_oulu), BODY)
    assert_refused(response, 403)


def test_a_person_without_a_role_does_not_find_the_topic(client, world, topic_oulu):
    response = post_changing_nothing(client, world, "nobody", url(topic_oulu), BODY)
    assert_refused(response, 404)


def test_oulus_coordinator_does_not_find_koulu_ks_topic(client, world, topic_k):
    response = post_changing_nothing(client, world, "coordinator", url(topic_k), BODY)
    assert_refused(response, 404)


def test_anonymous_is_sent_to_log_in(client, world, topic_oulu):
    response = post_changing_nothing(client, world, "anonymous", url(topic_oulu), BODY)
    assert_sent_to_login(response)
