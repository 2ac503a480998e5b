"""A workshop of Koulu A made by Oulu's coordinator (facilitated by them, Koulu A's tutor and
the platform admin), grouped: its first question in the grouping phase with two themes and
an idea; a Kemi workshop for "another organisation"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.workshops.workshop_setup import join, make_workshop, phase, questions
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Idea, Phase, Theme, Workshop, WorkshopQuestion
from tutori.workshops.services import grouping, participation
from tutori.workshops.services import workshops as services

FACILITATORS = ["coordinator", "tutor", "admin"]
# Koulu A's member joined the workshop with their account: they see it, may not run it.
PARTICIPANT = "member"
NOT_FOUND = ["manager", "coach", "outsider", "nobody"]


@dataclass
class Grouped:
    workshop: Workshop
    question: WorkshopQuestion
    theme: Theme
    other_theme: Theme
    idea: Idea


def school_workshop(w: Any, *, opened: bool = True) -> Workshop:
    workshop = make_workshop(w, organisation=w.school_a, opened=opened)
    if opened:
        join(workshop, user=w.member)
    return workshop


def grouped(w: Any, organisation: Any = None, by: Any = None) -> Grouped:
    by = by or w.coordinator
    workshop = make_workshop(w, organisation=organisation or w.school_a, by=by)
    if organisation is None:
        join(workshop, user=w.member)
    question = questions(workshop)[0]
    author = join(workshop, "Ideoija")
    idea = participation.idea_post(participant=author, question=question, text="Vertaistuki")
    participation.idea_post(participant=author, question=question, text="Mentorointi")
    services.question_phase_set(by=by, question=question, phase=Phase.GROUPING)
    theme = grouping.theme_create(by=by, question=question, name="Tuki", idea_ids=[idea.pk])
    other = grouping.theme_create(by=by, question=question, name="Tukeminen")
    return Grouped(workshop, question, theme, other, idea)


def elsewhere(w: Any) -> Grouped:
    """Kemi's workshop, run by Kemi's coordinator (``outsider``)."""
    return grouped(w, organisation=w.kemi, by=w.outsider)


def fresh(obj: Any) -> Any:
    with scopes_disabled():
        return type(obj).objects.get(pk=obj.pk)


__all__ = ["Grouped", "elsewhere", "fresh", "grouped", "join", "phase", "school_workshop"]


def theme_names(question: WorkshopQuestion) -> list[str]:
    """The question's theme names in their order (what a grouping write left)."""
    with scopes_disabled():
        return list(
            Theme.objects.filter(question=question)
            .order_by("position")
            .values_list("name", flat=True)
        )


def draft_elsewhere(w: Any) -> Workshop:
    """A draft workshop of another municipality, by its coordinator (the outsider)."""
    return make_workshop(w, organisation=w.kemi, by=w.outsider, opened=False)
