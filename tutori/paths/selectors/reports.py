"""Reads of the path reports (part D): per template, how many people are at each step, the
median days from one step to the next, the overdue steps, and the paths completed and
stopped, per organisation.

Counts only: the report never reads a supervision note or a reflection, and names nobody.
A count under five is shown as "< 5" (``core.privacy``), an organisation with fewer than
five paths shows no breakdown at all, and a median is shown only when at least five
people's steps make it. Nothing is shown that subtracting one figure from another would
give for fewer than five paths: when the organisations under five hold 1–4 paths together
beside organisations shown, the totals (the row and all organisations' step table) are not
shown, only each shown organisation's own (as surveys' filters that leave out too few).

Every figure is an aggregate in the database except the medians,
which read the done dates of one template's steps (a few thousand at most), so a report
costs the same handful of queries for 10 or 10 000 paths.

The report covers the paths the viewer sees in the organisations where they are a
coordinator (or above them); an admin sees all.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from tutori.access import engine
from tutori.core import privacy
from tutori.paths.models import PathStep, PathTemplate, PersonPath, PersonStep
from tutori.paths.permissions import ORGANISER_ROLES

ACTIVE = PersonPath.Status.ACTIVE


def shown(count: int) -> str:
    return privacy.shown(count)


@dataclass
class OrganisationRow:
    """One organisation's paths on the template (or the totals row)."""

    pk: int | None
    name: str
    active: int = 0
    completed: int = 0
    stopped: int = 0
    # Active paths with at least one step whose window has closed undone.
    overdue: int = 0
    # Totals that would reveal an organisation's figures under five (see reveals_small).
    hidden: bool = False

    @property
    def total(self) -> int:
        return self.active + self.completed + self.stopped

    @property
    def small(self) -> bool:
        """Too few paths to show any breakdown of."""
        return privacy.is_small(self.total)

    def cell(self, value: int) -> str:
        return shown(self.total) if self.small else shown(value)

    @property
    def cells(self) -> list[str]:
        """Active, overdue, completed, stopped, all: as shown. Active, completed and stopped
        add up to the total shown beside them: one of them under five hides another
        (``privacy.shown_parts``)."""
        if self.small:
            return [self.cell(0)] * 4 + [shown(self.total)]
        active, completed, stopped = privacy.shown_parts(
            [self.active, self.completed, self.stopped]
        )
        return [active, self.cell(self.overdue), completed, stopped, shown(self.total)]


@dataclass
class StepRow:
    """One step (by its title: a template's versions share their steps' titles)."""

    title: str
    position: int
    # Active paths whose first step not done is this one.
    at: int = 0
    # Active paths where this step's window has closed undone.
    overdue: int = 0
    # People who have done this step.
    done: int = 0
    # Days from the previous step's done date (the path's start for the first step).
    gaps: list[int] = field(default_factory=list, repr=False)
    # ``at`` as shown: the steps' ``at`` add up to the active paths shown in the totals, so
    # they are suppressed together (set by ``_steps``).
    at_shown: str = ""

    @property
    def median_shown(self) -> str:
        """The median days, or "" when fewer than five people's steps make it."""
        if privacy.is_small(len(self.gaps)):
            return ""
        value = statistics.median(self.gaps)
        return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")

    @property
    def cells(self) -> list[str]:
        return [self.at_shown or shown(self.at), shown(self.overdue), shown(self.done)]


@dataclass
class PathReport:
    template: PathTemplate
    today: date
    organisations: list[OrganisationRow]
    total: OrganisationRow
    steps: list[StepRow]
    # The organisation the step table is limited to (None: all of them).
    organisation: OrganisationRow | None = None

    @property
    def empty(self) -> bool:
        return self.total.total == 0

    @property
    def steps_small(self) -> bool:
        """The step table's scope has fewer than five paths: no step table."""
        scope = self.organisation or self.total
        return scope.small

    @property
    def total_reveals_small(self) -> bool:
        """The totals (the row, the step table of all organisations) minus the organisations
        shown would give the figures of the organisations with fewer than five paths
        (together 1–4 paths): neither is shown, only each organisation's own."""
        return self.total.hidden

    @property
    def steps_hidden(self) -> bool:
        """No step table: its scope has fewer than five paths, or it is all organisations'
        and would reveal the small ones."""
        return self.steps_small or (self.organisation is None and self.total_reveals_small)


def report_templates(*, user: Any) -> QuerySet[PathTemplate]:
    """The templates whose report ``user`` may read (coordinators of their organisation)."""
    qs = PathTemplate.objects.visible_to(user).select_related("organisation")
    if not engine.reach(user).is_admin:
        qs = qs.filter(engine.ids_q(user, "organisation_id", ORGANISER_ROLES))
    return qs.order_by("name", "pk")


def report_template(*, user: Any, pk: int) -> PathTemplate | None:
    return report_templates(user=user).filter(pk=pk).first()


def _paths(user: Any, template_ids: Any) -> QuerySet[PersonPath]:
    """The paths of ``template_ids`` the report counts for ``user``."""
    qs = PersonPath.objects.visible_to(user).filter(template_id__in=template_ids)
    if not engine.reach(user).is_admin:
        qs = qs.filter(engine.ids_q(user, "organisation_id", ORGANISER_ROLES))
    return qs


def _late(today: date) -> Exists:
    return Exists(
        PersonStep.objects.filter(path_id=OuterRef("pk"), done_on__isnull=True, due_to__lt=today)
    )


def _counts() -> dict[str, Any]:
    return {
        "active": Count("pk", filter=Q(status=ACTIVE)),
        "completed": Count("pk", filter=Q(status=PersonPath.Status.COMPLETED)),
        "stopped": Count("pk", filter=Q(status=PersonPath.Status.STOPPED)),
    }


def reveals_small(organisations: list[OrganisationRow]) -> bool:
    """Whether totals over ``organisations`` minus the ones shown would give the figures of
    those with fewer than five paths (together 1–4 paths)."""
    shown_any = any(not row.small for row in organisations)
    small = sum(row.total for row in organisations if row.small)
    return shown_any and 0 < small < privacy.SMALL_GROUP_LIMIT


def _add(total: OrganisationRow, row: OrganisationRow) -> None:
    total.active += row.active
    total.completed += row.completed
    total.stopped += row.stopped
    total.overdue += row.overdue


def _by_organisation(paths: QuerySet[PersonPath], today: date, *group: str) -> Any:
    return (
        paths.annotate(late=_late(today))
        .values(*group)
        .annotate(**_counts(), overdue=Count("pk", filter=Q(status=ACTIVE, late=True)))
    )


def template_totals(*, user: Any, templates: list[PathTemplate]) -> dict[int, OrganisationRow]:
    """Per template of ``templates``, its paths' counts (one query), for the list; ``hidden``
    when they would reveal an organisation's with fewer than five paths (the report shows
    the organisations)."""
    totals = {t.pk: OrganisationRow(None, t.name) for t in templates}
    orgs: dict[int, list[OrganisationRow]] = defaultdict(list)
    grouped = _by_organisation(
        _paths(user, list(totals)), timezone.localdate(), "template_id", "organisation_id"
    ).order_by("template_id", "organisation_id")
    for r in grouped:
        row = OrganisationRow(
            r["organisation_id"], "", r["active"], r["completed"], r["stopped"], r["overdue"]
        )
        orgs[r["template_id"]].append(row)
        _add(totals[r["template_id"]], row)
    for pk, rows in orgs.items():
        totals[pk].hidden = reveals_small(rows)
    return totals


def path_report(
    *, user: Any, template: PathTemplate, organisation_id: int | None = None
) -> PathReport | None:
    """The report of ``template`` (its step table limited to one organisation when
    ``organisation_id`` names one of the report's organisations; None when it names
    another)."""
    today = timezone.localdate()
    paths = _paths(user, [template.pk])
    by_org = [
        OrganisationRow(
            r["organisation_id"],
            r["organisation__name"],
            r["active"],
            r["completed"],
            r["stopped"],
            r["overdue"],
        )
        for r in _by_organisation(paths, today, "organisation_id", "organisation__name").order_by(
            "organisation__name", "organisation_id"
        )
    ]
    total = OrganisationRow(None, "")
    for row in by_org:
        _add(total, row)
    total.hidden = reveals_small(by_org)
    chosen = None
    if organisation_id is not None:
        chosen = next((row for row in by_org if row.pk == organisation_id), None)
        if chosen is None:
            return None
        paths = paths.filter(organisation_id=organisation_id)
    report = PathReport(template=template, today=today, organisations=by_org, total=total, steps=[])
    report.organisation = chosen
    if not report.empty and not report.steps_hidden:
        report.steps = _steps(template, paths, today)
    return report


def _steps(template: PathTemplate, paths: QuerySet[PersonPath], today: date) -> list[StepRow]:
    """The step table: four queries (the steps, where the active paths are, the overdue
    steps, the done dates)."""
    steps = list(
        PathStep.objects.filter(version__template_id=template.pk)
        .order_by("-version__number", "position")
        .values_list("pk", "title", "position", "version__number")
    )
    latest = steps[0][3] if steps else 0
    rows: dict[str, StepRow] = {}
    title_of: dict[int, str] = {}
    # The latest version's steps in their order, then older versions' steps it dropped.
    for pk, title, position, _number in sorted(steps, key=lambda s: (s[3] != latest, s[2])):
        title_of[pk] = title
        if title not in rows:
            rows[title] = StepRow(title, position)
    ids = paths.values("pk")
    current = PersonStep.objects.filter(path_id=OuterRef("pk"), done_on__isnull=True).order_by(
        "step__position", "pk"
    )
    for step_id, n in (
        paths.filter(status=ACTIVE)
        .annotate(current=Subquery(current.values("step_id")[:1]))
        .values_list("current")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if step_id in title_of:
            rows[title_of[step_id]].at += n
    for step_id, n in (
        PersonStep.objects.filter(
            path_id__in=ids.filter(status=ACTIVE), done_on__isnull=True, due_to__lt=today
        )
        .values_list("step_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if step_id in title_of:
            rows[title_of[step_id]].overdue += n
    _gaps(rows, title_of, ids)
    result = list(rows.values())
    for row, at in zip(result, privacy.shown_parts([r.at for r in result]), strict=True):
        row.at_shown = at
    return result


def _gaps(rows: dict[str, StepRow], title_of: dict[int, str], ids: Any) -> None:
    """Count the done steps and the days from each path's previous step (its start for the
    first) to each done step: one read of the done dates, in each path's step order."""
    done = PersonStep.objects.filter(path_id__in=ids).values_list(
        "path_id", "step_id", "done_on", "path__started_on"
    )
    by_path: dict[int, list[tuple[int, date | None, date]]] = defaultdict(list)
    for path_id, step_id, done_on, started_on in done.order_by("path_id", "step__position"):
        by_path[path_id].append((step_id, done_on, started_on))
    for path_steps in by_path.values():
        previous: date | None = path_steps[0][2]
        for step_id, done_on, _started in path_steps:
            title = title_of.get(step_id)
            if done_on is None:
                previous = None
                continue
            if title is not None:
                rows[title].done += 1
                if previous is not None:
                    rows[title].gaps.append(max((done_on - previous).days, 0))
            previous = done_on
