"""Reading surveys and instruments for the builder: the lists, one survey with its sections and
questions, and the organisations where a person may build."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from tutori.access import engine
from tutori.accounts.models import User
from tutori.orgs.models import Organisation
from tutori.surveys.models import Question, Response, Section, Survey
from tutori.surveys.permissions import BUILDER_ROLES


def buildable_organisations(*, user: User) -> list[Organisation]:
    """The active organisations where ``user`` may build surveys (coordinator there or above)."""
    qs = Organisation.objects.visible_to(user).filter(is_active=True)
    if not engine.reach(user).is_admin:
        qs = qs.filter(engine.ids_q(user, "pk", BUILDER_ROLES))
    return list(qs.order_by("path")[:500])


def survey_list(*, user: User, query: str = "", status: str = "") -> QuerySet[Survey]:
    """The surveys (not instruments) ``user`` sees, newest first, with their question count."""
    qs = (
        Survey.objects.visible_to(user)
        .filter(is_instrument=False)
        .select_related("organisation")
        .annotate(question_count=Count("questions", distinct=True))
        .order_by("-created_at", "-pk")
    )
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(description__icontains=query))
    if status in Survey.Status.values:
        qs = qs.filter(status=status)
    return qs


def instrument_list(*, user: User, query: str = "") -> QuerySet[Survey]:
    """The instruments ``user`` may use: built into the platform, of their organisations and
    of those above; built-in ones first."""
    qs = (
        Survey.objects.visible_to(user)
        .filter(is_instrument=True)
        .select_related("organisation")
        .annotate(question_count=Count("questions", distinct=True))
        .order_by(F("organisation").asc(nulls_first=True), "title", "pk")
    )
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(description__icontains=query))
    return qs


def survey_get(*, user: User, pk: int) -> Survey | None:
    """One survey or instrument ``user`` sees, with whether it has answers."""
    return (
        Survey.objects.visible_to(user)
        .select_related("organisation", "instrument", "created_by")
        .annotate(
            answered=Exists(Response.objects.visible_to(user).filter(survey=OuterRef("pk"))),
        )
        .filter(pk=pk)
        .first()
    )


def section_get(*, user: User, pk: int) -> Section | None:
    survey_ids = Survey.objects.visible_to(user).values("pk")
    return (
        Section.objects.select_related("survey", "survey__organisation")
        .filter(pk=pk, survey__in=survey_ids)
        .first()
    )


def question_get(*, user: User, pk: int) -> Question | None:
    survey_ids = Survey.objects.visible_to(user).values("pk")
    return (
        Question.objects.select_related("survey", "survey__organisation", "section")
        .prefetch_related("choices")
        .filter(pk=pk, survey__in=survey_ids)
        .first()
    )


@dataclass
class SectionView:
    section: Section | None
    questions: list[Question] = field(default_factory=list)
    first: bool = False  # the first or last section (its move button up or down does nothing)
    last: bool = False


def survey_structure(*, survey: Survey) -> list[SectionView]:
    """The survey's questions by section, in order (questions outside a section first):
    three queries whatever the size."""
    sections = list(Section.objects.filter(survey=survey).order_by("order", "pk"))
    questions = list(
        Question.objects.filter(survey=survey)
        .prefetch_related("choices")
        .annotate(revision_count=Count("revisions"))
        .order_by("order", "pk")
    )
    loose = SectionView(None)
    views: dict[Any, SectionView] = {s.pk: SectionView(s) for s in sections}
    for q in questions:
        views.get(q.section_id, loose).questions.append(q)
    if sections:
        views[sections[0].pk].first = True
        views[sections[-1].pk].last = True
    return [v for v in [loose, *views.values()] if v.section or v.questions]
