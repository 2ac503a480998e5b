"""Reads of a workshop's result (part W3): per question, its themes ranked by votes with
their ideas beneath (the shape of seed 002), the archive of closed workshops, a theme's
follow-up work and a person's open tasks.

Ranking (``selectors.results``, the same for every page and file): themes by votes, most
first; a tie goes to the theme with more ideas, then to the theme placed first by the
facilitator (``position``), then to the older theme (``id``) — stable, so the same result
reads the same on the page, the projector and in every export; themes equal in votes and
ideas share their rank number. Ideas left without a theme are listed after the themes
("Ryhmittelemättömät ideat").

Nobody is named: a result holds the texts of the themes and ideas and the counts of votes,
never who wrote or voted what — whether the workshop is anonymous or not (the exports are
handed on; a named workshop's authors are for its own pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from tutori.access import engine
from tutori.workshops import selectors
from tutori.workshops.models import (
    FollowUp,
    Idea,
    Phase,
    Theme,
    Workshop,
    WorkshopQuestion,
)
from tutori.workshops.permissions import ARCHIVE_ROLES, archive_network_ids


@dataclass
class RankedTheme:
    pk: int
    name: str
    votes: int
    rank: int
    ideas: list[str]
    position: int = 0
    follow_ups: list[FollowUp] = field(default_factory=list)


@dataclass
class QuestionResult:
    """A question's result; ``shown`` is False while the question is not in its results
    phase for someone who may not see the live tally (its themes are then left empty)."""

    question: WorkshopQuestion
    number: int
    themes: list[RankedTheme]
    ungrouped: list[str]
    shown: bool = True

    @property
    def votes(self) -> int:
        return sum(theme.votes for theme in self.themes)


def ranked(workshop: Workshop, *, live: bool) -> list[QuestionResult]:
    """The workshop's questions with their ranked themes (``selectors.results``: the one
    ranking every page and file shows, nobody named). ``live``: the viewer may see the tally
    of questions not yet in their results phase (the facilitator); otherwise those questions
    come with ``shown`` False and no themes. Four queries, whatever the size."""
    found = []
    for number, result in enumerate(selectors.results(workshop), start=1):
        shown = live or result.question.phase == Phase.RESULTS
        themes = [
            RankedTheme(
                pk=theme.id,
                name=theme.name,
                votes=theme.votes,
                rank=theme.rank,
                ideas=[idea.text for idea in theme.ideas],
                position=theme.position,
            )
            for theme in result.themes
        ]
        found.append(
            QuestionResult(
                question=result.question,
                number=number,
                themes=themes if shown else [],
                ungrouped=[idea.text for idea in result.ungrouped] if shown else [],
                shown=shown,
            )
        )
    return found


def with_follow_ups(results: list[QuestionResult], *, user: Any) -> list[QuestionResult]:
    """The follow-up work already made of each theme (one query)."""
    by_theme = {theme.pk: theme for result in results for theme in result.themes}
    if not by_theme:
        return results
    rows = (
        FollowUp.objects.visible_to(user)
        .filter(theme_id__in=list(by_theme))
        .select_related("owner")
        .order_by("pk")
    )
    for follow_up in rows:
        by_theme[follow_up.theme_id].follow_ups.append(follow_up)
    return results


def theme_get(*, user: Any, pk: int) -> Theme | None:
    return (
        Theme.objects.visible_to(user)
        .select_related("question__workshop__organisation")
        .filter(pk=pk)
        .first()
    )


def workshop_get(*, user: Any, pk: int) -> Workshop | None:
    return (
        Workshop.objects.visible_to(user)
        .select_related("organisation", "network")
        .filter(pk=pk)
        .first()
    )


def made_kinds(*, user: Any, theme: Theme) -> set[str]:
    """The kinds of follow-up work (other than tasks) already made of ``theme``."""
    return set(
        FollowUp.objects.visible_to(user)
        .filter(theme=theme)
        .exclude(kind=FollowUp.Kind.TASK)
        .values_list("kind", flat=True)
    )


def task_get(*, user: Any, pk: int) -> FollowUp | None:
    return (
        FollowUp.objects.visible_to(user)
        .select_related("theme__question__workshop__organisation")
        .filter(pk=pk, kind=FollowUp.Kind.TASK)
        .first()
    )


# --- The archive ------------------------------------------------------------------------------


def archive_list(*, user: Any, query: str = "") -> QuerySet[Workshop]:
    """The closed workshops of the organisations one reads the archive of (coordinators,
    managers and tutors there or above) and those shared with the networks of the
    organisations one coordinates or manages, latest first; ``query`` matches the title, the
    organisation's name or the network's."""
    qs = Workshop.objects.visible_to(user).filter(status=Workshop.Status.CLOSED)
    if not engine.reach(user).is_admin:
        readable = engine.ids_q(user, "organisation_id", ARCHIVE_ROLES)
        shared = archive_network_ids(user)
        if shared:
            readable |= Q(network_id__in=shared)
        qs = qs.filter(readable)
    for word in query.split()[:5]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(network__name__icontains=word)
        )
    return qs.select_related("organisation", "network").order_by("-held_on", "-closed_at", "-pk")


def archive_counts(workshops: list[Workshop], *, user: Any) -> list[Workshop]:
    """Annotates each workshop of a page with ``question_count`` and ``idea_count`` (two
    queries, for the page only)."""
    ids = [w.pk for w in workshops]
    if not ids:
        return workshops
    questions = dict(
        WorkshopQuestion.objects.visible_to(user)
        .filter(workshop_id__in=ids)
        .values("workshop_id")
        .annotate(n=Count("pk"))
        .values_list("workshop_id", "n")
    )
    ideas = dict(
        Idea.objects.visible_to(user)
        .filter(question__workshop_id__in=ids)
        .values("question__workshop_id")
        .annotate(n=Count("pk"))
        .values_list("question__workshop_id", "n")
    )
    for workshop in workshops:
        workshop.question_count = questions.get(workshop.pk, 0)  # type: ignore[attr-defined]
        workshop.idea_count = ideas.get(workshop.pk, 0)  # type: ignore[attr-defined]
    return workshops


# --- Tasks ------------------------------------------------------------------------------------


def open_tasks(*, user: Any, limit: int | None = None) -> list[FollowUp]:
    """One's own open workshop tasks, the earliest due first (those without a date last)."""
    qs = (
        FollowUp.objects.visible_to(user)
        .filter(owner=user, kind=FollowUp.Kind.TASK, done=False)
        .select_related("theme__question__workshop")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )
    return list(qs[:limit] if limit else qs)


def panel_tasks(*, user: Any) -> dict[str, Any] | None:
    """The dashboard panel "Työpajojen tehtävät": one's open tasks (none: no panel). One
    query."""
    if not getattr(user, "is_authenticated", False):
        return None
    tasks = open_tasks(user=user, limit=20)
    return {"tasks": tasks} if tasks else None
