"""The paths' background job: reminders when a step opens and when it becomes overdue.

``reminders_send`` runs every hour (a periodic job declared in ``apps.py``). For every step
of an active path that is not done:

- **opens**: its window has begun and has not ended (``due_from <= today <= due_to``) and no
  step it depends on is still waiting. A step that waits for another is reminded once that
  one is done (the next run after it).
- **overdue**: its window's last day has passed (``due_to < today``), at most
  ``OVERDUE_REMINDED_FOR`` days ago (a step found overdue long ago, e.g. an imported path,
  is not mailed about now).

"Today" is the calendar date in Europe/Helsinki. The mail goes to whoever the step makes
responsible: the path's coach (the coordinators when the path has no coach), the person,
or the coordinators of the path's organisation (held in it or above it). Each reminder is
claimed by a conditional UPDATE (``reminded_open_at IS NULL`` / ``reminded_overdue_at IS
NULL``) in the transaction that queues its mails, so the job run twice, or by two schedulers
at once, never sends the same reminder twice. A coach moving the window clears both
(``services.schedule.step_reschedule``): the new window is reminded again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from tutori.accounts.models import User
from tutori.core.notify import notify
from tutori.core.registry import NotificationKind
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Membership, Organisation, Role
from tutori.paths.dates import window_text
from tutori.paths.models import PathStep, PersonPath, PersonStep, Responsible

REMINDERS_EVERY = timedelta(hours=1)
# An overdue step is reminded only when its window ended at most this long ago.
OVERDUE_REMINDED_FOR = timedelta(days=14)

STEP_OPEN = "paths.step_open"
STEP_OVERDUE = "paths.step_overdue"

KINDS = (
    NotificationKind(STEP_OPEN, gettext_lazy("Polun vaihe, josta vastaan, alkaa"), order=400),
    NotificationKind(
        STEP_OVERDUE, gettext_lazy("Polun vaihe, josta vastaan, on myöhässä"), order=401
    ),
)


@task()
def reminders_send() -> dict[str, int]:
    """The periodic job: send the path reminders due now."""
    return reminders_due()


def _today(now: datetime) -> date:
    return timezone.localdate(now)


@scopes_disabled()
def reminders_due(*, now: datetime | None = None) -> dict[str, int]:
    """Send every step reminder due at ``now`` not sent yet; how many steps were reminded
    (``opened``, ``overdue``) and how many mails were queued (``mails``)."""
    now = now or timezone.now()
    today = _today(now)
    running = PersonStep.objects.filter(
        path__status=PersonPath.Status.ACTIVE, done_on__isnull=True
    ).select_related("step", "path__person", "path__coach", "path__organisation", "path__template")
    opened = list(
        running.filter(
            due_from__lte=today, due_to__gte=today, reminded_open_at__isnull=True
        ).order_by("due_from", "pk")
    )
    overdue = list(
        running.filter(
            due_to__lt=today,
            due_to__gte=today - OVERDUE_REMINDED_FOR,
            reminded_overdue_at__isnull=True,
        ).order_by("due_to", "pk")
    )
    waiting = _waiting_ids(opened)
    opened = [ps for ps in opened if ps.pk not in waiting]
    coordinators = _coordinators_of(
        ps.path.organisation for ps in [*opened, *overdue] if _needs_coordinators(ps)
    )
    sent = {"opened": 0, "overdue": 0, "mails": 0}
    for ps in opened:
        with transaction.atomic():
            claimed = PersonStep.objects.filter(
                pk=ps.pk, done_on__isnull=True, reminded_open_at__isnull=True
            ).update(reminded_open_at=now)
            if claimed:
                sent["opened"] += 1
                sent["mails"] += _remind(ps, STEP_OPEN, _recipients(ps, coordinators), today)
    for ps in overdue:
        with transaction.atomic():
            claimed = PersonStep.objects.filter(
                pk=ps.pk, done_on__isnull=True, reminded_overdue_at__isnull=True
            ).update(reminded_overdue_at=now)
            if claimed:
                sent["overdue"] += 1
                sent["mails"] += _remind(ps, STEP_OVERDUE, _recipients(ps, coordinators), today)
    return sent


def _waiting_ids(rows: list[PersonStep]) -> set[int]:
    """The rows that wait for a step of their path not yet done (two queries)."""
    if not rows:
        return set()
    through = PathStep.depends_on.through
    needs: dict[int, set[int]] = defaultdict(set)
    for step_id, needed_id in through.objects.filter(
        from_pathstep_id__in={ps.step_id for ps in rows}
    ).values_list("from_pathstep_id", "to_pathstep_id"):
        needs[step_id].add(needed_id)
    if not needs:
        return set()
    undone = set(
        PersonStep.objects.filter(
            path_id__in={ps.path_id for ps in rows if ps.step_id in needs},
            step_id__in=set().union(*needs.values()),
            done_on__isnull=True,
        ).values_list("path_id", "step_id")
    )
    return {
        ps.pk
        for ps in rows
        if any((ps.path_id, needed) in undone for needed in needs.get(ps.step_id, ()))
    }


def _needs_coordinators(ps: PersonStep) -> bool:
    return ps.step.responsible == Responsible.COORDINATOR or (
        ps.step.responsible == Responsible.COACH and ps.path.coach_id is None
    )


def _coordinators_of(organisations: Iterable[Organisation]) -> dict[int, list[User]]:
    """Per organisation id, the active coordinators of it or of an organisation above it
    (one query for all)."""
    orgs = {o.pk: o for o in organisations}
    if not orgs:
        return {}
    reach = {pk: {*o.ancestor_ids(), pk} for pk, o in orgs.items()}
    held: dict[int, list[User]] = defaultdict(list)
    for membership in (
        Membership.objects.active()
        .filter(
            organisation_id__in=set().union(*reach.values()),
            role=Role.COORDINATOR,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    ):
        held[membership.organisation_id].append(membership.user)
    return {pk: [u for above in ids for u in held.get(above, [])] for pk, ids in reach.items()}


def _recipients(ps: PersonStep, coordinators: dict[int, list[User]]) -> list[User]:
    if ps.step.responsible == Responsible.PERSON:
        return [ps.path.person]
    if ps.step.responsible == Responsible.COACH and ps.path.coach is not None:
        return [ps.path.coach]
    return coordinators.get(ps.path.organisation_id, [])


def _action_path(ps: PersonStep, recipient: User) -> str:
    """The page where the recipient acts: their own path (the person), the path's page, or
    the coach's people (before the path page exists)."""
    names: list[tuple[str, list[Any]]] = []
    if recipient.pk == ps.path.person_id:
        names.append(("paths:mine", []))
    names += [("paths:path", [ps.path_id]), ("paths:coach", [])]
    for name, args in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


def _remind(ps: PersonStep, kind: str, recipients: list[User], today: date) -> int:
    """Mail the step's reminder to each recipient (in their language); the mails queued."""
    sent = 0

    def subject() -> str:
        return _subject(ps, kind)

    def when() -> str:
        return window_text(ps.due_from, ps.due_to)

    for recipient in {u.pk: u for u in recipients}.values():
        sent += notify(
            recipient,
            kind=kind,
            subject=subject,
            template=f"paths/email/{'step_open' if kind == STEP_OPEN else 'step_overdue'}.txt",
            context={
                "ps": ps,
                "step": ps.step,
                "path": ps.path,
                "own": recipient.pk == ps.path.person_id,
                "days_late": (today - ps.due_to).days if ps.due_to else 0,
                "window": when,
            },
            action_path=_action_path(ps, recipient),
        )
    return sent


def _subject(ps: PersonStep, kind: str) -> str:
    if kind == STEP_OPEN:
        return _("Polun vaihe alkaa: %(step)s") % {"step": ps.step.title}
    return _("Polun vaihe on myöhässä: %(step)s") % {"step": ps.step.title}
