"""The path engine: putting a person on a path, dating its steps from milestones, completing
steps, and rescheduling (issue 15). Every other part of the app writes step dates through
these functions, so the rules live in one place:

- A step's window is ``[anchor_on + due_after_days, anchor_on + due_within_days]``, counted in
  calendar days in Europe/Helsinki (a moment becomes a date there first, so a daylight-saving
  change moves nothing). A window on a weekend is kept as computed.
- ``anchor_on`` is set once, when the step's milestone happens: the person was put on the
  path (``Anchor.START``), another step of the path was done (``Anchor.STEP``: the date it
  was done), or an outside milestone was announced (``Anchor.MILESTONE``, through
  ``core.milestones``; one reached before the person was put on the path is asked from its
  source).
- A step with ``completed_by`` is done when that milestone happens; any step can be marked
  done by someone who may (checked by the caller). Done steps start the steps anchored on
  them; a path whose steps are all done is completed.
- A coach may move a step's window with a reason (``step_reschedule``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutori.core import registry
from tutori.core.errors import ApplicationError
from tutori.core.milestones import split_ref
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import (
    Anchor,
    PathStep,
    PathTemplate,
    PathVersion,
    PersonPath,
    PersonStep,
)


def local_date(moment: datetime | date) -> date:
    """The calendar date of ``moment`` in Europe/Helsinki (a date is itself)."""
    if isinstance(moment, datetime):
        return timezone.localdate(moment)
    return moment


def window(anchor_on: date, *, after_days: int, within_days: int) -> tuple[date, date]:
    """The due window of a step whose milestone happened on ``anchor_on``."""
    return anchor_on + timedelta(days=after_days), anchor_on + timedelta(days=within_days)


class StepState:
    """What a person's step looks like today (for lists and the dashboard)."""

    DONE = "done"
    WAITING = "waiting"  # its milestone hasn't happened (no dates yet)
    BLOCKED = "blocked"  # dated, but a step it depends on is not done
    UPCOMING = "upcoming"  # its window opens later
    OPEN = "open"  # inside its window
    OVERDUE = "overdue"  # its window closed and it is not done


def step_state(ps: PersonStep, *, today: date, blocked: bool = False) -> str:
    if ps.done_on is not None:
        return StepState.DONE
    if ps.due_from is None or ps.due_to is None:
        return StepState.WAITING
    if today > ps.due_to:
        return StepState.OVERDUE
    if blocked:
        return StepState.BLOCKED
    if today < ps.due_from:
        return StepState.UPCOMING
    return StepState.OPEN


def _date(ps: PersonStep, step: PathStep, anchor_on: date) -> None:
    ps.anchor_on = anchor_on
    ps.due_from, ps.due_to = window(
        anchor_on, after_days=step.due_after_days, within_days=step.due_within_days
    )


def _reached_before(step: PathStep, person_id: int) -> date | None:
    """The date an outside milestone was reached before the person was put on the path."""
    key, item = split_ref(step.milestone)
    source = registry.milestone_source(key)
    if source is None:
        return None
    return source.reached(item, person_id)


@dataclass(frozen=True)
class Started:
    path: PersonPath
    steps: list[PersonStep]


def path_start(
    *,
    version: PathVersion,
    person: Any,
    organisation_id: int,
    coach: Any = None,
    by: Any = None,
    started_on: date | None = None,
) -> Started:
    """Put ``person`` on ``version``'s path in an organisation (the caller has checked the
    right to). Steps anchored on the start are dated at once; milestones the person reached
    already date (or complete) theirs. Refused when the person is already on the template's
    path."""
    started_on = started_on or timezone.localdate()
    with transaction.atomic(), scopes_disabled():
        # The template's row, locked as a template edit locks it (services.templates): the
        # version's steps read below hold still until this path is committed, and an edit
        # made after it sees the path (and makes a new version).
        PathTemplate.objects.select_for_update(no_key=True).filter(
            pk=version.template_id
        ).values_list("pk").first()
        if PersonPath.objects.filter(
            template_id=version.template_id, person=person, status=PersonPath.Status.ACTIVE
        ).exists():
            raise ApplicationError(_("Henkilö on jo tällä polulla."))
        path = PersonPath.objects.create(
            template_id=version.template_id,
            version=version,
            organisation_id=organisation_id,
            person=person,
            coach=coach,
            started_on=started_on,
            created_by=by,
        )
        steps = list(PathStep.objects.filter(version=version).order_by("position"))
        rows = [PersonStep(path=path, step=step) for step in steps]
        for ps, step in zip(rows, steps, strict=True):
            ps.step = step
            if step.anchor == Anchor.START:
                _date(ps, step, started_on)
            elif step.anchor == Anchor.MILESTONE and step.milestone:
                reached = _reached_before(step, person.pk)
                if reached is not None:
                    _date(ps, step, reached)
        PersonStep.objects.bulk_create(rows)
        # Completions reached already (a survey answered before): through the same rule.
        for ps in rows:
            if ps.step.completed_by and ps.done_on is None:
                key, item = split_ref(ps.step.completed_by)
                source = registry.milestone_source(key)
                on = source.reached(item, person.pk) if source else None
                if on is not None:
                    _complete(path, ps, on=on, by=None)
    return Started(path=path, steps=rows)


def _path_rows(path: PersonPath) -> list[PersonStep]:
    return list(
        PersonStep.objects.filter(path=path).select_related("step").order_by("step__position")
    )


def _complete(path: PersonPath, ps: PersonStep, *, on: date, by: Any) -> None:
    """Mark ``ps`` done on ``on``; date the steps anchored on it; complete the path when every
    step is done. Runs inside the caller's transaction, scopes disabled."""
    claimed = PersonStep.objects.filter(pk=ps.pk, done_on__isnull=True).update(
        done_on=on, done_by=by
    )
    if not claimed:
        return
    ps.done_on, ps.done_by = on, by
    for other in _path_rows(path):
        if (
            other.step.anchor == Anchor.STEP
            and other.step.anchor_step_id == ps.step_id
            and other.anchor_on is None
        ):
            _date(other, other.step, on)
            other.save(update_fields=["anchor_on", "due_from", "due_to"])
    if not PersonStep.objects.filter(path=path, done_on__isnull=True).exists():
        PersonPath.objects.filter(pk=path.pk, status=PersonPath.Status.ACTIVE).update(
            status=PersonPath.Status.COMPLETED, completed_on=on
        )
        path.status, path.completed_on = PersonPath.Status.COMPLETED, on


def step_done(*, person_step: PersonStep, by: Any, on: date | None = None) -> PersonStep:
    """Mark a step of an active path done (the caller has checked the right to)."""
    on = on or timezone.localdate()
    with transaction.atomic(), scopes_disabled():
        ps = PersonStep.objects.select_related("path", "step").filter(pk=person_step.pk).first()
        if ps is None or ps.path.status != PersonPath.Status.ACTIVE:
            raise ApplicationError(_("Polku ei ole enää käynnissä."))
        if ps.done_on is not None:
            raise ApplicationError(_("Vaihe on jo tehty."))
        _complete(ps.path, ps, on=on, by=by)
    return ps


def step_reschedule(
    *, person_step: PersonStep, due_from: date, due_to: date, reason: str, by: Any
) -> PersonStep:
    """Move a step's window (the caller has checked the right to): a reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Kerro syy aikataulun muutokselle."))
    if due_to < due_from:
        raise ApplicationError(_("Viimeinen päivä ei voi olla ennen ensimmäistä."))
    with transaction.atomic(), scopes_disabled():
        ps = PersonStep.objects.select_related("path").filter(pk=person_step.pk).first()
        if ps is None or ps.path.status != PersonPath.Status.ACTIVE:
            raise ApplicationError(_("Polku ei ole enää käynnissä."))
        if ps.done_on is not None:
            raise ApplicationError(_("Tehtyä vaihetta ei voi siirtää."))
        ps.due_from, ps.due_to = due_from, due_to
        if ps.anchor_on is None:
            ps.anchor_on = due_from
        ps.rescheduled_reason, ps.rescheduled_by = reason[:200], by
        # A moved window may open or close again: its reminders may go again.
        ps.reminded_open_at = ps.reminded_overdue_at = None
        ps.save()
    return ps


@scopes_disabled()
def milestone_reached(*, ref: str, person_id: int, on: date | None) -> int:
    """A milestone happened to a person (``core.milestones.reached``): date the steps waiting
    for it and complete the steps it completes, on every active path of theirs. ``on`` None
    (an anonymous survey's answer, which must carry no date) counts from today for windows
    and is recorded as the day the path's step was started. The number of steps changed."""
    day = on or timezone.localdate()
    changed = 0
    with transaction.atomic():
        waiting = list(
            PersonStep.objects.filter(
                path__person_id=person_id,
                path__status=PersonPath.Status.ACTIVE,
                done_on__isnull=True,
            )
            .filter(_refers_to(ref))
            .select_related("path", "step")
            .order_by("path_id", "step__position")
        )
        for ps in waiting:
            step = ps.step
            if step.anchor == Anchor.MILESTONE and step.milestone == ref and ps.anchor_on is None:
                _date(ps, step, day)
                ps.save(update_fields=["anchor_on", "due_from", "due_to"])
                changed += 1
        for ps in waiting:
            if ps.step.completed_by == ref:
                if on is None and ps.anchor_on is not None:
                    # No date from the source: the step's own start, not the answer's day.
                    _complete(ps.path, ps, on=ps.anchor_on, by=None)
                else:
                    _complete(ps.path, ps, on=day, by=None)
                changed += 1
    return changed


def _refers_to(ref: str) -> Any:
    from django.db.models import Q

    return Q(step__milestone=ref) | Q(step__completed_by=ref)


def blocked_ids(rows: Iterable[PersonStep], depends: dict[int, set[int]]) -> set[int]:
    """The ids of the rows (of one or more paths) that wait for a step not yet done.
    ``depends`` maps a PathStep id to the PathStep ids it depends on."""
    by_path: dict[int, dict[int, PersonStep]] = {}
    for ps in rows:
        by_path.setdefault(ps.path_id, {})[ps.step_id] = ps
    blocked = set()
    for steps in by_path.values():
        for step_id, ps in steps.items():
            for needed in depends.get(step_id, ()):
                other = steps.get(needed)
                if other is not None and other.done_on is None:
                    blocked.add(ps.pk)
                    break
    return blocked
