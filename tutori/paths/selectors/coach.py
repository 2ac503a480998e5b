"""Reads of the coach's work (part C): the dashboard "Valmennettavat" (the coach's people,
each path's progress, the steps overdue, due this week and upcoming, each with its weekday),
the dashboard panel, and the step or path a coach acts on.

Steps are reached only through the paths the person sees (``PersonPath.visible_to``); the
coach's own are the paths they coach, which the visibility rule always shows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone

from tutori.core.time import week_start
from tutori.paths.dates import day_text, window_text
from tutori.paths.models import PathStep, PersonPath, PersonStep, StepKind
from tutori.paths.services.schedule import StepState, blocked_ids, step_state

# At most this many of the coach's active paths on one page (a coach has tens of people).
PATHS_SHOWN = 300
# Steps listed in each group (the rest are counted): overdue and this week's, later ones.
# Later steps are the least urgent, and the table of people below names each one's next
# step: ten of them keep the page short for a coach of tens of people (each card costs the
# page about 0.3 ms to render).
DUE_SHOWN = 100
UPCOMING_SHOWN = 10
# The panel lists this many of each kind and counts the rest.
PANEL_SHOWN = 5
# What the dashboard reads of each path, open step and step: what it shows, sorts and acts
# on (not, say, every person's whole account row). A field left out here and used on the page
# would cost a query per row, which the page's query test counts.
SHOWN_OF_PATH = (
    "version_id",
    "coach_id",
    "status",
    "person__display_name",
    "person__email",
    "template__name",
    "organisation__name",
)
SHOWN_OF_STEP = ("path_id", "step_id", "due_from", "due_to", "done_on", "rescheduled_reason")
SHOWN_OF_PATH_STEP = ("title", "kind", "responsible", "position")


@dataclass
class StepRow:
    """One step of a person's path as the coach's lists show it."""

    ps: PersonStep
    path: PersonPath
    state: str
    # Days past the window's last day (overdue), or until it opens (upcoming).
    days: int = 0
    blocked: bool = False

    @cached_property
    def window(self) -> str:
        """The window with its weekdays (written only for the rows a page shows)."""
        return window_text(self.ps.due_from, self.ps.due_to)

    @property
    def is_supervision(self) -> bool:
        return self.ps.step.kind == StepKind.SUPERVISION

    @property
    def done_text(self) -> str:
        return day_text(self.ps.done_on)


@dataclass
class PersonRow:
    """A path the coach runs: its person, progress and next step."""

    path: PersonPath
    done: int
    total: int
    next_step: StepRow | None = None
    overdue: int = 0


@dataclass
class CoachDashboard:
    today: date
    week_from: date
    week_end: date
    people: list[PersonRow] = field(default_factory=list)
    overdue: list[StepRow] = field(default_factory=list)
    this_week: list[StepRow] = field(default_factory=list)
    # Open with a later last day, or opening after this week.
    upcoming: list[StepRow] = field(default_factory=list)
    overdue_more: int = 0
    this_week_more: int = 0
    upcoming_more: int = 0
    # Steps whose milestone hasn't happened yet (no dates).
    waiting: int = 0


def due_this_week(ps: PersonStep, *, week_from: date, week_end: date) -> bool:
    """Whether a dated step that is not overdue is due this week: its last day is this week
    (Monday–Sunday) or it opens this week. An open step whose last day is later is not."""
    if ps.due_from is None or ps.due_to is None:
        return False
    return ps.due_to <= week_end or week_from <= ps.due_from <= week_end


def _coached(user: Any) -> Any:
    """The active paths ``user`` coaches, through what they see."""
    return PersonPath.objects.visible_to(user).filter(coach=user, status=PersonPath.Status.ACTIVE)


def _steps(version_ids: set[int]) -> tuple[dict[int, PathStep], dict[int, set[int]]]:
    """The versions' steps by id (what the page shows of them: read once, not with each
    person's step) and the steps each one depends on, in one query (a step comes once per
    step it depends on)."""
    steps: dict[int, PathStep] = {}
    depends: dict[int, set[int]] = {}
    rows = (
        PathStep.objects.filter(version_id__in=version_ids)
        .only(*SHOWN_OF_PATH_STEP)
        .annotate(needed=F("depends_on"))
        .order_by()
    )
    for step in rows:
        steps.setdefault(step.pk, step)
        if step.needed is not None:  # type: ignore[attr-defined]
            depends.setdefault(step.pk, set()).add(step.needed)  # type: ignore[attr-defined]
    return steps, depends


def row_of(ps: PersonStep, path: PersonPath, *, today: date, blocked: bool = False) -> StepRow:
    state = step_state(ps, today=today, blocked=blocked)
    days = 0
    if state == StepState.OVERDUE and ps.due_to is not None:
        days = (today - ps.due_to).days
    elif ps.due_from is not None and today < ps.due_from:
        days = (ps.due_from - today).days
    return StepRow(
        ps=ps,
        path=path,
        state=state,
        days=days,
        blocked=blocked,
    )


def coach_dashboard(*, user: Any, today: date | None = None) -> CoachDashboard:
    """The coach's people and their open steps: overdue first (most overdue first), then
    those due this week (Monday–Sunday), then the later ones (open or upcoming). Four
    queries whatever the number of people (the viewer's memberships, the paths, the versions'
    steps with their dependencies, the paths' open steps)."""
    today = today or timezone.localdate()
    week_from = week_start(today)
    week_end = week_from + timedelta(days=6)
    board = CoachDashboard(today=today, week_from=week_from, week_end=week_end)
    paths = list(
        _coached(user)
        .select_related("person", "template", "organisation")
        .only(*SHOWN_OF_PATH)
        .annotate(
            total=Count("steps"),
            done=Count("steps", filter=Q(steps__done_on__isnull=False)),
        )
        .order_by("person__display_name", "template__name", "pk")[:PATHS_SHOWN]
    )
    if not paths:
        return board
    by_id = {p.pk: p for p in paths}
    steps, depends = _steps({p.version_id for p in paths})
    open_steps = list(
        PersonStep.objects.filter(path_id__in=list(by_id), done_on__isnull=True)
        .only(*SHOWN_OF_STEP)
        .order_by()
    )
    for ps in open_steps:
        ps.step = steps[ps.step_id]
    open_steps.sort(key=lambda ps: (ps.path_id, ps.step.position))
    blocked = blocked_ids(open_steps, depends)
    people = {
        p.pk: PersonRow(path=p, done=p.done, total=p.total)  # type: ignore[attr-defined]
        for p in paths
    }
    upcoming: list[StepRow] = []
    for ps in open_steps:
        path = by_id[ps.path_id]
        ps.path = path  # the row read above, with its person and template
        row = row_of(ps, path, today=today, blocked=ps.pk in blocked)
        person = people[path.pk]
        if person.next_step is None:
            person.next_step = row
        if row.state == StepState.WAITING:
            board.waiting += 1
        elif row.state == StepState.OVERDUE:
            board.overdue.append(row)
            person.overdue += 1
        elif due_this_week(ps, week_from=week_from, week_end=week_end):
            board.this_week.append(row)
        else:
            upcoming.append(row)
    board.overdue.sort(key=lambda r: (r.ps.due_to or today, r.ps.pk))
    board.this_week.sort(key=lambda r: (r.ps.due_to or today, r.ps.due_from or today, r.ps.pk))
    upcoming.sort(key=lambda r: (r.ps.due_from or today, r.ps.due_to or today, r.ps.pk))
    board.overdue_more = max(0, len(board.overdue) - DUE_SHOWN)
    board.this_week_more = max(0, len(board.this_week) - DUE_SHOWN)
    board.overdue, board.this_week = board.overdue[:DUE_SHOWN], board.this_week[:DUE_SHOWN]
    board.upcoming = upcoming[:UPCOMING_SHOWN]
    board.upcoming_more = max(0, len(upcoming) - UPCOMING_SHOWN)
    board.people = list(people.values())
    return board


def panel_coach(*, user: Any, today: date | None = None) -> dict[str, Any] | None:
    """The dashboard panel of a coach: their people's steps overdue and due this week (a few
    of each, with counts); None when they have none (or coach nobody)."""
    if not getattr(user, "is_authenticated", False):
        return None
    today = today or timezone.localdate()
    week_from = week_start(today)
    week_end = week_from + timedelta(days=6)
    steps = list(
        PersonStep.objects.filter(
            path__in=_coached(user).values("pk"),
            done_on__isnull=True,
            due_from__lte=week_end,
        )
        .select_related("step", "path__person", "path__template")
        .order_by("due_to", "pk")
    )
    if not steps:
        return None
    overdue = [row_of(ps, ps.path, today=today) for ps in steps if ps.due_to and ps.due_to < today]
    this_week = [
        row_of(ps, ps.path, today=today)
        for ps in steps
        if ps.due_to
        and ps.due_to >= today
        and due_this_week(ps, week_from=week_from, week_end=week_end)
    ]
    if not overdue and not this_week:
        return None
    return {
        "overdue": overdue[:PANEL_SHOWN],
        "overdue_count": len(overdue),
        "this_week": this_week[:PANEL_SHOWN],
        "this_week_count": len(this_week),
        "today": today,
    }


# --- What a coach acts on -------------------------------------------------------------------


def person_step_get(*, user: Any, pk: int) -> PersonStep | None:
    """A step of a path ``user`` sees (the caller checks the right to act on it)."""
    return (  # type: ignore[no-any-return]
        PersonStep.objects.select_related(
            "step", "path__person", "path__template", "path__organisation"
        )
        .filter(pk=pk, path__in=PersonPath.objects.visible_to(user).values("pk"))
        .first()
    )


def path_get(*, user: Any, pk: int) -> PersonPath | None:
    """A path ``user`` sees, with its person, template and organisation."""
    return (  # type: ignore[no-any-return]
        PersonPath.objects.visible_to(user)
        .select_related("person", "template", "organisation", "coach")
        .filter(pk=pk)
        .first()
    )


def path_steps(path: PersonPath) -> list[PersonStep]:
    """A (visible) path's steps in order, for the supervision form's choice of step."""
    return list(
        PersonStep.objects.filter(path=path).select_related("step").order_by("step__position")
    )
