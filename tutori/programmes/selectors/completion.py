"""Reads of the programme's completion (owned by the completion part): the attrition
funnel, the programme page's completion section, a participant seen for a certificate or
leaving, the public verification of a certificate code, a manager's page of their own
people's progress and the badges on a person's profile."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least

from tutori.access import engine
from tutori.core.scoping import scopes_disabled
from tutori.programmes import permissions
from tutori.programmes.models import (
    Attendance,
    LeaveReason,
    Participant,
    Programme,
    Session,
)
from tutori.programmes.selectors import programmes as plan
from tutori.programmes.services.completion import evaluate

CODE_MAX = 32

# Everyone who got a place at some point: still enrolled, completed or left (a withdrawal
# after enrolment is a cancellation before the start, not attrition).
EVER_ENROLLED = (
    Participant.Status.ENROLLED,
    Participant.Status.COMPLETED,
    Participant.Status.LEFT,
)


@dataclass
class Funnel:
    """Applied → enrolled → started (attended at least once) → completed, and why people
    left."""

    applied: int = 0
    enrolled: int = 0
    started: int = 0
    completed: int = 0
    left: int = 0
    reasons: list[tuple[str, int]] = field(default_factory=list)

    @property
    def steps(self) -> list[tuple[str, int, int]]:
        """(key, count, percentage of those who applied)."""
        base = self.applied or 1
        return [
            (key, n, round(100 * n / base))
            for key, n in (
                ("applied", self.applied),
                ("enrolled", self.enrolled),
                ("started", self.started),
                ("completed", self.completed),
            )
        ]


def _attended() -> Q:
    return ~Q(status=Attendance.Status.ABSENT)


@scopes_disabled()
def funnel(programme: Programme) -> Funnel:
    """The programme's attrition funnel, in two queries (one when the page has counted its
    participations already)."""
    f = Funnel()
    reasons: dict[str, int] = {}
    for status, reason, n in plan.participant_counts(programme=programme):
        # People who withdrew before any decision still applied; a direct enrolment is
        # counted as applied too (the funnel starts with everyone who was in).
        f.applied += n
        if status in EVER_ENROLLED:
            f.enrolled += n
        if status == Participant.Status.COMPLETED:
            f.completed += n
        if status == Participant.Status.LEFT:
            f.left += n
            reasons[reason] = reasons.get(reason, 0) + n
    f.started = (
        Attendance.objects.filter(
            _attended(),
            participant__programme=programme,
            participant__status__in=EVER_ENROLLED,
            session__cancelled_at__isnull=True,
        )
        .values("participant_id")
        .distinct()
        .count()
    )
    labels = dict(LeaveReason.choices)
    f.reasons = [
        (str(labels.get(key, key)), reasons[key])
        for key in [*LeaveReason.values, *sorted(set(reasons) - set(LeaveReason.values))]
        if key in reasons
    ]
    return f


def sees_numbers(user: Any, programme: Programme) -> bool:
    """The funnel is seen by the programme's coordinators, trainers and steering group."""
    return bool(permissions.can_train(user, programme)) or permissions._in_steering_group(
        user, programme
    )


def detail_context(*, user: Any, programme: Any) -> dict[str, Any]:
    """What the programme's page shows of this part (its partial
    programmes/partials/_detail_completion.html); one constant number of queries."""
    mine = plan.own_participation(user=user, programme=programme)  # read once for the page
    context: dict[str, Any] = {
        "completion_mine": mine,
        "completion_manages": bool(permissions.can_manage_programme(user, programme)),
    }
    if mine is not None and mine.status == Participant.Status.ENROLLED:
        context["completion_progress"] = evaluate(programme, [mine])[0]
    if sees_numbers(user, programme):
        context["completion_funnel"] = funnel(programme)
    return context


def participant_get(*, user: Any, pk: int) -> Participant | None:
    return (  # type: ignore[no-any-return]
        Participant.objects.visible_to(user)
        .select_related("programme", "programme__organisation", "person", "organisation")
        .filter(pk=pk)
        .first()
    )


@scopes_disabled()
def certificate_verify(code: str) -> Participant | None:
    """The completed participation a certificate code belongs to (public: the page shows
    only validity, the programme and the date)."""
    if not code or len(code) > CODE_MAX:
        return None
    return (  # type: ignore[no-any-return]
        Participant.objects.filter(certificate_code=code, status=Participant.Status.COMPLETED)
        .select_related("programme", "programme__organisation")
        .only(
            "pk",
            "completed_at",
            "programme__name",
            "programme__starts_on",
            "programme__ends_on",
            "programme__credits",
            "programme__organisation__name",
        )
        .first()
    )


def _counted_sessions() -> Any:
    return (
        Session.objects.filter(
            programme_id=OuterRef("programme_id"),
            kind=Session.Kind.MEETING,
            cancelled_at__isnull=True,
        )
        .order_by()
        .values("programme_id")
        .annotate(n=Count("pk"))
        .values("n")
    )


def _hours() -> Any:
    """The hours of one attendance, as in services.completion.attended_hours."""
    counted = Q(
        attendances__session__kind=Session.Kind.MEETING,
        attendances__session__cancelled_at__isnull=True,
    )
    zero = Value(0, output_field=DecimalField(max_digits=6, decimal_places=2))
    per = Case(
        When(
            counted & Q(attendances__status=Attendance.Status.PRESENT, attendances__hours=0),
            then=F("attendances__session__hours"),
        ),
        When(
            counted & ~Q(attendances__status=Attendance.Status.ABSENT),
            then=Least("attendances__hours", "attendances__session__hours"),
        ),
        default=zero,
        output_field=DecimalField(max_digits=6, decimal_places=2),
    )
    return Coalesce(Sum(per), zero)


def people_progress(*, user: Any, query: str = "", status: str = "") -> QuerySet[Participant]:
    """The participations of the people of the organisations where ``user`` is a manager or
    coordinator, with attended meetings, hours and the meetings that count."""
    with scopes_disabled():
        counted_sessions = Subquery(_counted_sessions())
    qs = (
        Participant.objects.visible_to(user)
        .filter(engine.ids_q(user, "organisation_id", permissions.FOLLOWER_ROLES))
        .exclude(status__in=[Participant.Status.WITHDRAWN, Participant.Status.DECLINED])
        .select_related("programme", "person", "organisation")
        .annotate(
            attended=Count(
                "attendances",
                filter=~Q(attendances__status=Attendance.Status.ABSENT)
                & Q(
                    attendances__session__kind=Session.Kind.MEETING,
                    attendances__session__cancelled_at__isnull=True,
                ),
            ),
            hours=_hours(),
            sessions_total=Coalesce(counted_sessions, 0),
        )
        .order_by("person__display_name", "-programme__starts_on", "pk")
    )
    if query:
        qs = qs.filter(
            Q(person__display_name__icontains=query)
            | Q(person__email__icontains=query)
            | Q(programme__name__icontains=query)
        )
    if status:
        qs = qs.filter(status=status)
    return qs  # type: ignore[no-any-return]


def badges(user: Any) -> dict[str, Any] | None:
    """The person's profile section: the programmes they completed, with the badge or role
    each gave (None: nothing to show)."""
    rows = list(
        Participant.objects.visible_to(user)
        .filter(person=user, status=Participant.Status.COMPLETED)
        .select_related("programme", "organisation")
        .order_by("-completed_at", "pk")[:50]
    )
    if not rows:
        return None
    return {"completions": rows}
