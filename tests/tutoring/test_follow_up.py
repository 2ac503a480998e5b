"""Tutoring's follow-up target: a workshop's theme becomes a topic of the vocabulary."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tutori.core.errors import PermissionDeniedError
from tutori.core.registry import follow_up_target
from tutori.tutoring.models import Topic

TARGET = "tutoring.topic"


def _topics(organisation) -> list[Topic]:  # type: ignore[no-untyped-def]
    return list(Topic._default_manager.filter(organisation=organisation))


def test_a_coordinator_turns_a_theme_into_a_topic_of_the_organisation(world):
    target = follow_up_target(TARGET)
    assert target is not None
    assert target.allowed(world.coordinator, world.oulu)
    ref = target.create(world.coordinator, world.oulu, " Tutoreiden näkyvyys 👀 ", "Puimala 1")
    [topic] = _topics(world.oulu)
    assert ref == f"tutoring.topic:{topic.pk}"
    assert topic.name == "Tutoreiden näkyvyys 👀"
    assert "Puimala 1" in topic.description
    assert target.url(ref) == reverse("tutoring:topic_edit", args=[topic.pk])


def test_a_name_already_in_the_vocabulary_refers_to_that_topic(world):
    target = follow_up_target(TARGET)
    assert target is not None
    first = target.create(world.coordinator, world.oulu, "Arviointi", "Puimala 1")
    again = target.create(world.coordinator, world.oulu, "arviointi", "Puimala 2")
    assert first == again
    assert len(_topics(world.oulu)) == 1


def test_a_long_theme_name_is_shortened_to_a_topic_name(world):
    target = follow_up_target(TARGET)
    assert target is not None
    target.create(world.coordinator, world.oulu, "ä" * 200, "Puimala")
    [topic] = _topics(world.oulu)
    assert len(topic.name) == 120
    assert topic.name.endswith("…")


@pytest.mark.parametrize("who", ["tutor", "manager", "outsider", "member"])
def test_only_a_coordinator_of_the_organisation_makes_a_topic(world, who):
    target = follow_up_target(TARGET)
    assert target is not None
    person = getattr(world, who)
    assert not target.allowed(person, world.oulu)
    with pytest.raises(PermissionDeniedError):
        target.create(person, world.oulu, "Arviointi", "Puimala")
    assert _topics(world.oulu) == []


def test_a_reference_of_something_else_has_no_address():
    target = follow_up_target(TARGET)
    assert target is not None
    assert target.url("surveys.question:3") == ""
    assert target.url("tutoring.topic:x") == ""
