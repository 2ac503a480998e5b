"""Reads of the reports: a unit's overview (its coming bookings, the term's hours, its
budgets) and the tutoring-hours report. Every sum is an aggregate in the database, so a page
costs the same few queries for 1 or 1,000 rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from tutori.core import privacy
from tutori.orgs.models import Organisation
from tutori.tutoring.models import Booking, SubstituteBudget, SubstituteSpend, TutoringSession
from tutori.tutoring.selectors.budget import MONEY, budget_list

if TYPE_CHECKING:
    from tutori.accounts.models import User


class Grouping:
    SCHOOL = "school"
    TOPIC = "topic"
    MONTH = "month"
    ALL = (SCHOOL, TOPIC, MONTH)


# --- Terms ----------------------------------------------------------------------------------


def current_term(today: date | None = None) -> tuple[date, date]:
    """The Finnish school term around ``today``: autumn from August, spring until July."""
    today = today or timezone.localdate()
    if today.month >= 8:
        return date(today.year, 8, 1), date(today.year, 12, 31)
    return date(today.year, 1, 1), date(today.year, 7, 31)


# --- A unit's overview ----------------------------------------------------------------------


@dataclass
class UnitOverview:
    organisation: Organisation
    bookings: QuerySet[Booking]
    term_start: date
    term_end: date
    hours: Decimal
    session_count: int
    budgets: QuerySet[SubstituteBudget]


def unit_overview(*, user: User, organisation: Organisation) -> UnitOverview:
    term_start, term_end = current_term()
    bookings = (
        Booking.objects.visible_to(user)
        .filter(
            slot__organisation=organisation,
            slot__starts_at__gte=timezone.now(),
            status__in=Booking.ACTIVE,
        )
        .select_related("slot__tutor", "person", "topic")
        .order_by("slot__starts_at", "pk")
    )
    totals = (
        TutoringSession.objects.visible_to(user)
        .filter(organisation=organisation, date__gte=term_start, date__lte=term_end)
        .aggregate(minutes=Coalesce(Sum("duration_minutes"), 0), sessions=Count("pk"))
    )
    return UnitOverview(
        organisation=organisation,
        bookings=bookings,
        term_start=term_start,
        term_end=term_end,
        hours=_hours(totals["minutes"]),
        session_count=totals["sessions"],
        budgets=budget_list(user=user, school=organisation),
    )


# --- The hours report -----------------------------------------------------------------------


def _hours(minutes: int | None) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class ReportRow:
    label: str
    hours: Decimal
    people: int

    @property
    def suppressed(self) -> bool:
        return privacy.is_small(self.people)

    @property
    def people_shown(self) -> str:
        """People reached as shown anywhere (page, chart, export)."""
        return privacy.shown(self.people)


@dataclass
class SpendRow:
    school: str
    amount: Decimal


@dataclass
class HoursReport:
    group: str
    start: date | None
    end: date | None
    rows: list[ReportRow] = field(default_factory=list)
    spend: list[SpendRow] = field(default_factory=list)

    @property
    def total_hours(self) -> Decimal:
        return sum((row.hours for row in self.rows), Decimal("0.0"))


def _month_label(month: date | None) -> str:
    if month is None:
        return "–"
    return f"{month.month}/{month.year}"


def hours_report(
    *, user: User, group: str, start: date | None = None, end: date | None = None
) -> HoursReport:
    """Delivered hours and people reached by school, topic or month (one query), and
    approved substitute spend by school (one more)."""
    if group not in Grouping.ALL:
        group = Grouping.SCHOOL
    sessions = TutoringSession.objects.visible_to(user)
    spends = SubstituteSpend.objects.visible_to(user).filter(status=SubstituteSpend.Status.APPROVED)
    if start is not None:
        sessions = sessions.filter(date__gte=start)
        spends = spends.filter(date__gte=start)
    if end is not None:
        sessions = sessions.filter(date__lte=end)
        spends = spends.filter(date__lte=end)

    measures = {"minutes": Sum("duration_minutes"), "people": Sum("participant_count")}
    rows: list[ReportRow] = []
    if group == Grouping.MONTH:
        grouped = (
            sessions.annotate(month=TruncMonth("date"))
            .values("month")
            .annotate(**measures)
            .order_by("month")
        )
        rows = [
            ReportRow(_month_label(r["month"]), _hours(r["minutes"]), r["people"]) for r in grouped
        ]
    elif group == Grouping.TOPIC:
        grouped = (
            sessions.values("topic_id", "topic__name")
            .annotate(**measures)
            .order_by(F("topic__name").asc(nulls_last=True), "topic_id")
        )
        rows = [
            ReportRow(r["topic__name"] or _("Ei aihetta"), _hours(r["minutes"]), r["people"])
            for r in grouped
        ]
    else:
        grouped = (
            sessions.values("organisation_id", "organisation__name")
            .annotate(**measures)
            .order_by("organisation__name", "organisation_id")
        )
        rows = [
            ReportRow(r["organisation__name"], _hours(r["minutes"]), r["people"]) for r in grouped
        ]

    spend_rows = [
        SpendRow(r["budget__school__name"], Decimal(r["total"]))
        for r in spends.values("budget__school_id", "budget__school__name")
        .annotate(total=Sum("amount", output_field=MONEY))
        .order_by("budget__school__name", "budget__school_id")
    ]
    return HoursReport(group=group, start=start, end=end, rows=rows, spend=spend_rows)
