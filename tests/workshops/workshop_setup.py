"""Helpers of the workshops' tests: a workshop run by Oulu's coordinator, its participants,
themes made of ideas."""

from __future__ import annotations

from datetime import date
from typing import Any

from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Phase, Theme, Workshop, WorkshopParticipant, WorkshopQuestion
from tutori.workshops.services import grouping, participation
from tutori.workshops.services import workshops as services

QUESTIONS = [
    "Mitä tutoropettajan koulutuksessa pitäisi olla?",
    "Miten tutorointi saadaan osaksi koulun arkea?",
]


def make_workshop(
    world: Any,
    *,
    opened: bool = True,
    questions: list[str] | None = None,
    by: Any = None,
    organisation: Any = None,
    **kwargs: Any,
) -> Workshop:
    by = by or world.coordinator
    workshop = services.workshop_create(
        by=by,
        organisation=organisation or world.oulu,
        title=kwargs.pop("title", "Puimala marraskuu"),
        held_on=kwargs.pop("held_on", date(2026, 11, 20)),
        questions=questions or list(QUESTIONS),
        **kwargs,
    )
    if opened:
        workshop = services.workshop_open(by=by, workshop=workshop)
    return workshop


def questions(workshop: Workshop) -> list[WorkshopQuestion]:
    with scopes_disabled():
        return list(
            WorkshopQuestion.objects.filter(workshop=workshop)
            .select_related("workshop")
            .order_by("position")
        )


def join(workshop: Workshop, name: str = "Osallistuja", user: Any = None) -> WorkshopParticipant:
    participant, _key = participation.participant_join(
        workshop=workshop, user=user, display_name=name
    )
    return participant


def phase(world: Any, question: WorkshopQuestion, to: str) -> WorkshopQuestion:
    return services.question_phase_set(by=world.coordinator, question=question, phase=to)


def themed(
    world: Any, question: WorkshopQuestion, groups: dict[str, list[str]], *, author: Any = None
) -> dict[str, Theme]:
    """Ideas posted by ``author`` (a new participant if None) and grouped as ``groups``
    (theme name → idea texts); the question is left in the grouping phase."""
    author = author or join(question.workshop, "Ideoija")
    ids: dict[str, list[int]] = {}
    for name, texts in groups.items():
        ids[name] = [
            participation.idea_post(participant=author, question=question, text=t).pk for t in texts
        ]
    phase(world, question, Phase.GROUPING)
    return {
        name: grouping.theme_create(
            by=world.coordinator, question=question, name=name, idea_ids=ids[name]
        )
        for name in groups
    }
