"""Surveys' follow-up target: a workshop's theme becomes a question of a draft survey."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tutori.core.errors import PermissionDeniedError
from tutori.core.registry import follow_up_target
from tutori.surveys.models import Question, Survey

TARGET = "surveys.question"


def _drafts(organisation) -> list[Survey]:  # type: ignore[no-untyped-def]
    return list(Survey._default_manager.filter(organisation=organisation).order_by("pk"))


def test_the_themes_of_a_workshop_gather_in_one_draft_survey(world):
    target = follow_up_target(TARGET)
    assert target is not None
    assert target.allowed(world.coordinator, world.oulu)
    first = target.create(world.coordinator, world.oulu, "Tutoreiden näkyvyys", "Puimala 1")
    second = target.create(world.coordinator, world.oulu, "Vertaistuki ✨", "Puimala 1")
    [survey] = _drafts(world.oulu)
    assert survey.title == "Jatkokysely: Puimala 1"
    assert survey.status == Survey.Status.DRAFT
    questions = list(Question.objects.filter(survey=survey).order_by("order"))
    assert [q.text for q in questions] == ["Tutoreiden näkyvyys", "Vertaistuki ✨"]
    assert {q.kind for q in questions} == {Question.Kind.TEXT}
    assert [first, second] == [f"surveys.question:{q.pk}" for q in questions]
    assert target.url(first) == (
        reverse("surveys:detail", args=[survey.pk]) + f"#question-{questions[0].pk}"
    )


def test_another_workshop_or_a_sent_draft_starts_a_new_draft(world):
    target = follow_up_target(TARGET)
    assert target is not None
    target.create(world.coordinator, world.oulu, "Teema", "Puimala 1")
    target.create(world.coordinator, world.oulu, "Teema", "Puimala 2")
    Survey._default_manager.filter(title="Jatkokysely: Puimala 1").update(status=Survey.Status.OPEN)
    target.create(world.coordinator, world.oulu, "Toinen", "Puimala 1")
    assert [s.title for s in _drafts(world.oulu)] == [
        "Jatkokysely: Puimala 1",
        "Jatkokysely: Puimala 2",
        "Jatkokysely: Puimala 1",
    ]


@pytest.mark.parametrize("who", ["tutor", "manager", "outsider", "member"])
def test_only_a_coordinator_of_the_organisation_makes_a_survey_question(world, who):
    target = follow_up_target(TARGET)
    assert target is not None
    person = getattr(world, who)
    assert not target.allowed(person, world.oulu)
    with pytest.raises(PermissionDeniedError):
        target.create(person, world.oulu, "Teema", "Puimala")
    assert _drafts(world.oulu) == []


def test_a_removed_question_has_no_address(world):
    target = follow_up_target(TARGET)
    assert target is not None
    ref = target.create(world.coordinator, world.oulu, "Teema", "Puimala")
    Question.objects.all().delete()
    assert target.url(ref) == ""
    assert target.url("tutoring.topic:1") == ""
