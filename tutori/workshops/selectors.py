"""Reads of the workshops: who the requester is in a workshop, a question's ideas and
themes, one's votes, the ranked results, and the facilitator's list and participants.

Anonymity: when a workshop is anonymous, no row these functions return names the author
of an idea or the giver of a vote (``IdeaRow.author`` is None; votes are only counted).

The functions about one workshop take a workshop the caller has already been let into (the
facilitator's rule, the archive's, or the participant's own row found by
``participant_of``) and read its rows as the system: a participant without an account has no
user to scope by.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from tutori.access import engine
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Network, Organisation
from tutori.workshops.models import (
    Idea,
    Theme,
    Vote,
    Workshop,
    WorkshopParticipant,
    WorkshopQuestion,
)
from tutori.workshops.permissions import FACILITATOR_ROLES, participant_row
from tutori.workshops.services.participation import SESSION_KEYS, key_hash


@dataclass
class IdeaRow:
    id: int
    text: str
    theme_id: int | None
    position: int
    created_at: datetime
    # The viewer's own idea (they may delete it in the ideas phase).
    mine: bool = False
    # The author's display name: None when the workshop is anonymous (or not asked for).
    author: str | None = None


@dataclass
class ThemeRow:
    id: int
    name: str
    position: int
    votes: int
    ideas: list[IdeaRow] = field(default_factory=list)
    rank: int = 0

    @property
    def idea_count(self) -> int:
        return len(self.ideas)


@dataclass
class QuestionResult:
    question: WorkshopQuestion
    themes: list[ThemeRow]
    # "Ryhmittelemättömät ideat": ideas in no theme, listed after the themes.
    ungrouped: list[IdeaRow]


# --- Who one is in a workshop ------------------------------------------------------------------


def participant_of(request: Any, workshop: Workshop) -> WorkshopParticipant | None:
    """The requester's participant row of ``workshop``: by their account when signed in,
    else (or when the account has not joined) by the key their session keeps."""
    row = participant_row(request.user, workshop)
    if row is not None:
        return row
    session = getattr(request, "session", None)
    key = (session.get(SESSION_KEYS) or {}).get(str(workshop.pk)) if session else None
    if not key or not isinstance(key, str):
        return None
    with scopes_disabled():
        return (  # type: ignore[no-any-return]
            WorkshopParticipant.objects.filter(workshop=workshop, key_hash=key_hash(key))
            .select_related("workshop")
            .first()
        )


# --- A question's ideas and themes -------------------------------------------------------------


def question_stamp(question: WorkshopQuestion) -> str:
    """What a participant's page polls: it changes whenever the question's ideas, themes or
    votes change, or its phase does. Computed from the row (no query): the caller reads the
    question fresh (one query by key)."""
    return f"{question.phase}.{question.revision}"


def _idea_rows(
    ideas: QuerySet[Idea], *, anonymous: bool, viewer: WorkshopParticipant | None
) -> list[IdeaRow]:
    viewer_id = viewer.pk if viewer is not None else None
    if anonymous:
        values = ideas.values_list(
            "pk", "text", "theme_id", "position", "created_at", "participant_id"
        )
        return [
            IdeaRow(pk, text, theme_id, position, created, mine=viewer_id == participant_id)
            for pk, text, theme_id, position, created, participant_id in values
        ]
    named = ideas.values_list(
        "pk",
        "text",
        "theme_id",
        "position",
        "created_at",
        "participant_id",
        "participant__display_name",
        "participant__user__display_name",
    )
    return [
        IdeaRow(
            pk,
            text,
            theme_id,
            position,
            created,
            mine=viewer_id == participant_id,
            author=name or account_name or "",
        )
        for pk, text, theme_id, position, created, participant_id, name, account_name in named
    ]


def ideas_of(
    question: WorkshopQuestion,
    *,
    viewer: WorkshopParticipant | None,
    theme: Theme | bool | None = False,
) -> list[IdeaRow]:
    """The question's ideas in their order (no author when the workshop is anonymous).
    ``theme``: False for all, None for the ungrouped ones, a theme for its own."""
    with scopes_disabled():
        ideas = Idea.objects.filter(question=question).order_by("position", "pk")
        if theme is None:
            ideas = ideas.filter(theme__isnull=True)
        elif isinstance(theme, Theme):
            ideas = ideas.filter(theme=theme)
        return _idea_rows(ideas, anonymous=question.workshop.anonymous, viewer=viewer)


def _ranked(themes: list[ThemeRow]) -> list[ThemeRow]:
    """Themes by votes descending; ties by the number of ideas descending, then the theme's
    position, then its id (a stable order: the same data always ranks the same). Equal
    votes and ideas share a rank number ("1., 2., 2., 4.")."""
    ordered = sorted(themes, key=lambda t: (-t.votes, -t.idea_count, t.position, t.id))
    previous: tuple[int, int] | None = None
    for i, theme in enumerate(ordered, start=1):
        key = (theme.votes, theme.idea_count)
        theme.rank = ordered[i - 2].rank if key == previous else i
        previous = key
    return ordered


def _themes(
    questions: list[WorkshopQuestion], *, viewer: WorkshopParticipant | None, named: bool
) -> tuple[dict[int, list[ThemeRow]], dict[int, list[IdeaRow]]]:
    """The themes (with their ideas and vote counts) and ungrouped ideas of ``questions``,
    in three queries whatever their number."""
    ids = [q.pk for q in questions]
    anonymous = not named
    with scopes_disabled():
        themes = (
            Theme.objects.filter(question_id__in=ids)
            .annotate(n_votes=Count("votes"))
            .order_by("position", "pk")
            .values_list("pk", "question_id", "name", "position", "n_votes")
        )
        by_question: dict[int, list[ThemeRow]] = {pk: [] for pk in ids}
        rows: dict[int, ThemeRow] = {}
        for pk, question_id, name, position, votes in themes:
            rows[pk] = ThemeRow(pk, name, position, votes)
            by_question[question_id].append(rows[pk])
        ungrouped: dict[int, list[IdeaRow]] = {pk: [] for pk in ids}
        ideas = Idea.objects.filter(question_id__in=ids).order_by("position", "pk")
        question_of = dict(ideas.values_list("pk", "question_id"))
        for idea in _idea_rows(ideas, anonymous=anonymous, viewer=viewer):
            if idea.theme_id in rows:
                rows[idea.theme_id].ideas.append(idea)
            else:
                ungrouped[question_of[idea.id]].append(idea)
    return by_question, ungrouped


def themes_of(
    question: WorkshopQuestion, *, viewer: WorkshopParticipant | None = None
) -> list[ThemeRow]:
    """The question's themes in their own order, each with its ideas and vote count."""
    by_question, _ungrouped = _themes(
        [question], viewer=viewer, named=not question.workshop.anonymous
    )
    return by_question[question.pk]


def votes_left(participant: WorkshopParticipant, question: WorkshopQuestion) -> int:
    with scopes_disabled():
        used = Vote.objects.filter(participant=participant, question=question).count()
    return max(0, question.workshop.votes_per_participant - used)


def my_votes(participant: WorkshopParticipant, question: WorkshopQuestion) -> dict[int, int]:
    """How many of the participant's votes each theme holds (theme id → votes)."""
    with scopes_disabled():
        return dict(
            Vote.objects.filter(participant=participant, question=question)
            .values("theme_id")
            .annotate(n=Count("pk"))
            .values_list("theme_id", "n")
        )


def results(workshop: Workshop, *, named: bool = False) -> list[QuestionResult]:
    """Per question (in order): its themes ranked (see ``_ranked``: votes, then ideas, then
    position, then id) with their ideas beneath, and its ungrouped ideas. Nobody is named
    unless ``named`` and the workshop is not anonymous. Four queries."""
    with scopes_disabled():
        questions = list(
            WorkshopQuestion.objects.filter(workshop=workshop)
            .select_related("workshop")
            .order_by("position", "pk")
        )
    by_question, ungrouped = _themes(questions, viewer=None, named=named and not workshop.anonymous)
    return [QuestionResult(q, _ranked(by_question[q.pk]), ungrouped[q.pk]) for q in questions]


# --- The facilitator ---------------------------------------------------------------------------


def facilitation_organisations(user: Any) -> list[Organisation]:
    """The active organisations where ``user`` may run a workshop."""
    qs = Organisation.objects.visible_to(user).filter(is_active=True)
    if not engine.reach(user).is_admin:
        qs = qs.filter(engine.ids_q(user, "pk", FACILITATOR_ROLES))
    return list(qs.order_by("path")[:500])


def networks_of(organisations: list[Organisation]) -> list[Network]:
    """The active networks ``organisations`` (those where one may run a workshop, or the
    workshop's own) are in, by name; each with ``member_ids``: which of them it holds. Two
    queries."""
    ids = [o.pk for o in organisations]
    if not ids:
        return []
    with scopes_disabled():
        pairs = list(
            Organisation.networks.through.objects.filter(
                organisation_id__in=ids, network__is_active=True
            ).values_list("network_id", "organisation_id")
        )
        networks = list(Network.objects.filter(pk__in={n for n, _o in pairs}).order_by("name"))
    for network in networks:
        network.member_ids = frozenset(o for n, o in pairs if n == network.pk)  # type: ignore[attr-defined]
    return networks


def workshop_list(user: Any, *, search: str = "", status: str = "") -> Any:
    """The workshops the user facilitates (newest first), with their organisation and
    counts of questions and participants, narrowed by a search of titles and a status."""
    qs = Workshop.objects.visible_to(user)
    if not engine.reach(user).is_admin:
        qs = qs.filter(
            engine.ids_q(user, "organisation_id", FACILITATOR_ROLES) | Q(created_by=user)
        )
    qs = (
        qs.select_related("organisation")
        .annotate(
            n_questions=Count("questions", distinct=True),
            n_participants=Count("participants", distinct=True),
        )
        .order_by("-held_on", "-pk")
    )
    for term in search.split()[:5]:
        qs = qs.filter(Q(title__icontains=term) | Q(organisation__name__icontains=term))
    if status in Workshop.Status.values:
        qs = qs.filter(status=status)
    return qs


def workshop_get(user: Any, pk: int) -> Workshop | None:
    """A workshop the user sees, with its organisation and network."""
    return (  # type: ignore[no-any-return]
        Workshop.objects.visible_to(user)
        .select_related("organisation", "network")
        .filter(pk=pk)
        .first()
    )


def questions_of(workshop: Workshop) -> list[WorkshopQuestion]:
    """The workshop's questions in order, with counts of ideas (and of those in no theme),
    themes and votes."""
    with scopes_disabled():
        return list(
            WorkshopQuestion.objects.filter(workshop=workshop)
            .annotate(
                n_ideas=Count("ideas", distinct=True),
                n_ungrouped=Count("ideas", filter=Q(ideas__theme__isnull=True), distinct=True),
                n_themes=Count("themes", distinct=True),
                n_votes=Count("votes", distinct=True),
            )
            .order_by("position", "pk")
        )


def question_get(workshop: Workshop, pk: int) -> WorkshopQuestion | None:
    with scopes_disabled():
        return (  # type: ignore[no-any-return]
            WorkshopQuestion.objects.filter(workshop=workshop, pk=pk)
            .select_related("workshop")
            .first()
        )


@dataclass
class Joined:
    count: int
    # Display names in the order they joined: empty when the workshop is anonymous.
    names: list[str]


def participants_of(workshop: Workshop) -> Joined:
    """How many have joined and, unless the workshop is anonymous, their names."""
    with scopes_disabled():
        rows = WorkshopParticipant.objects.filter(workshop=workshop)
        if workshop.anonymous:
            return Joined(rows.count(), [])
        names = [
            name or account or ""
            for name, account in rows.order_by("joined_at", "pk").values_list(
                "display_name", "user__display_name"
            )
        ]
    return Joined(len(names), names)


def question_for(user: Any, pk: int) -> WorkshopQuestion | None:
    """A question of a workshop the user sees, with its workshop and organisation."""
    return (  # type: ignore[no-any-return]
        WorkshopQuestion.objects.visible_to(user)
        .select_related("workshop__organisation")
        .filter(pk=pk)
        .first()
    )


def theme_for(user: Any, pk: int) -> Theme | None:
    """A theme the user sees, with its question, workshop and organisation."""
    return (  # type: ignore[no-any-return]
        Theme.objects.visible_to(user)
        .select_related("question__workshop__organisation")
        .filter(pk=pk)
        .first()
    )


def idea_for(user: Any, pk: int) -> Idea | None:
    """An idea the user sees, with its question, workshop and organisation."""
    return (  # type: ignore[no-any-return]
        Idea.objects.visible_to(user)
        .select_related("question__workshop__organisation")
        .filter(pk=pk)
        .first()
    )


@dataclass
class Grouping:
    themes: list[ThemeRow]
    ungrouped: list[IdeaRow]
    # The theme objects, for the forms' choices.
    theme_objects: list[Theme]


def grouping_of(question: WorkshopQuestion) -> Grouping:
    """The grouping page: the question's themes in their order with their ideas, and the
    ideas in no theme (authors named only when the workshop is not anonymous). Four
    queries."""
    by_question, ungrouped = _themes([question], viewer=None, named=not question.workshop.anonymous)
    return Grouping(by_question[question.pk], ungrouped[question.pk], theme_choices(question))


def theme_choices(question: WorkshopQuestion) -> list[Theme]:
    """The question's themes in their order: what the grouping forms choose from. One
    query (a move or a merge needs no more than this before it acts)."""
    with scopes_disabled():
        return list(Theme.objects.filter(question=question).order_by("position", "pk"))


def panel_running(user: Any) -> dict[str, Any] | None:
    """The facilitator's dashboard panel: the open and draft workshops they run (at most
    five: the open ones first, then by date), or None (without a query of its own for those
    who run none)."""
    if not getattr(user, "is_authenticated", False) or not engine.reach(user).holds(
        FACILITATOR_ROLES
    ):
        return None
    rows = list(
        workshop_list(user)
        .filter(status__in=[Workshop.Status.OPEN, Workshop.Status.DRAFT])
        .order_by("-status", "held_on", "pk")[:5]
    )
    return {"workshops": rows} if rows else None
