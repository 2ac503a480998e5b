"""Reads of the reports: a unit's overview (its coming bookings, the term's hours, its
budgets, with those of the units below it) and the tutoring-hours report. Every sum is an
aggregate in the database, so a page costs the same few queries for 1 or 1,000 rows.

Hours are summed as minutes and rounded once, where they are shown: the total of a report is
the same whichever way it is grouped (rounding each group first made 28,4 h by school and
28,3 h by topic of the same sessions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, Count, F, Func, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tutori.core import privacy
from tutori.orgs.models import Organisation
from tutori.tutoring.models import (
    Booking,
    SubstituteBudget,
    SubstituteSpend,
    Topic,
    TutoringSession,
)
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
    budgets: list[SubstituteBudget]

    @property
    def budgets_below(self) -> bool:
        """Whether some budget is of a unit below this one (the table names the school)."""
        return any(b.school_id != self.organisation.pk for b in self.budgets)


def unit_overview(*, user: User, organisation: Organisation) -> UnitOverview:
    """The unit and every unit below it (a municipality's overview counts its schools)."""
    term_start, term_end = current_term()
    bookings = (
        Booking.objects.visible_to(user)
        .filter(
            slot__organisation__path__startswith=organisation.path,
            slot__starts_at__gte=timezone.now(),
            status__in=Booking.ACTIVE,
        )
        .select_related("slot__tutor", "slot__organisation", "person", "topic")
        .order_by("slot__starts_at", "pk")
    )
    totals = (
        TutoringSession.objects.visible_to(user)
        .filter(
            organisation__path__startswith=organisation.path,
            date__gte=term_start,
            date__lte=term_end,
        )
        .aggregate(minutes=Coalesce(Sum("duration_minutes"), 0), sessions=Count("pk"))
    )
    return UnitOverview(
        organisation=organisation,
        bookings=bookings,
        term_start=term_start,
        term_end=term_end,
        hours=_hours(totals["minutes"]),
        session_count=totals["sessions"],
        budgets=list(budget_list(user=user, within=organisation)),
    )


# --- The hours report -----------------------------------------------------------------------


def hours_from_minutes(minutes: int | None) -> Decimal:
    """Minutes as hours to one decimal: the only place where hours are rounded (other
    reports of tutoring, such as evaluation's tutoring impact, round with this too)."""
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


_hours = hours_from_minutes


@dataclass
class ReportRow:
    label: str
    minutes: int
    people: int

    @property
    def hours(self) -> Decimal:
        return _hours(self.minutes)

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
    # Reads the approved spend by school when first shown (the CSV of hours never does).
    read_spend: Callable[[], list[SpendRow]] | None = field(default=None, repr=False)

    @cached_property
    def spend(self) -> list[SpendRow]:
        return self.read_spend() if self.read_spend else []

    @property
    def total_minutes(self) -> int:
        return sum(row.minutes for row in self.rows)

    @property
    def total_hours(self) -> Decimal:
        """The minutes of every row summed, then rounded: the same for every grouping."""
        return _hours(self.total_minutes)

    @property
    def total(self) -> ReportRow:
        """The totals row (people reached summed over the groups, shown as any row)."""
        return ReportRow(_("Yhteensä"), self.total_minutes, sum(row.people for row in self.rows))

    @property
    def total_spend(self) -> Decimal:
        return sum((row.amount for row in self.spend), Decimal("0.00"))


class YearMonth(Func):
    """A date's month as "YYYY-MM", computed by the database itself. (Django's TruncMonth
    is a Python function called for every row on SQLite: 10 ms for a municipality's
    1,400 sessions, against 0.7 ms for the whole aggregate without it.)"""

    output_field = CharField()
    template = "to_char(%(expressions)s, 'YYYY-MM')"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite keeps a date as its ISO text, "YYYY-MM-DD".
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra)


def month_label(month: str) -> str:
    """A ``YearMonth`` value, "2026-09", as "9/2026"."""
    return f"{int(month[5:7])}/{month[:4]}"


_month_label = month_label


def _spend_by_school(user: User, period: dict[str, date]) -> list[SpendRow]:
    """Approved substitute spend by school: one aggregate."""
    return [
        SpendRow(name, Decimal(total))
        for _school, name, total in SubstituteSpend.objects.visible_to(user)
        .filter(status=SubstituteSpend.Status.APPROVED, **period)
        .values_list("budget__school_id", "budget__school__name")
        .annotate(total=Sum("amount", output_field=MONEY))
        .order_by("budget__school__name", "budget__school_id")
    ]


def hours_report(
    *, user: User, group: str, start: date | None = None, end: date | None = None
) -> HoursReport:
    """Delivered hours and people reached by school, topic or month: one aggregate query
    over the sessions ``user`` sees (their own and those of the units they oversee, as a
    plain ``IN`` of ids), read as values, not model instances; the approved substitute
    spend by school is one more, run when ``spend`` is first read."""
    if group not in Grouping.ALL:
        group = Grouping.SCHOOL
    period: dict[str, date] = {}
    if start is not None:
        period["date__gte"] = start
    if end is not None:
        period["date__lte"] = end
    sessions = TutoringSession.objects.visible_to(user)
    if period:
        sessions = sessions.filter(**period)

    minutes, people = Sum("duration_minutes"), Sum("participant_count")
    rows: list[ReportRow]
    if group == Grouping.MONTH:
        grouped = (
            sessions.values(month=YearMonth("date"))
            .annotate(minutes=minutes, people=people)
            .order_by("month")
        )
        rows = [ReportRow(_month_label(r["month"]), r["minutes"], r["people"]) for r in grouped]
    elif group == Grouping.TOPIC:
        grouped = (
            sessions.values("topic_id", *(f"topic__{f}" for f in Topic.NAME_FIELDS))
            .annotate(minutes=minutes, people=people)
            .order_by(F("topic__name").asc(nulls_last=True), "topic_id")
        )
        rows = [
            ReportRow(
                Topic.label_of(r, "topic__") if r["topic_id"] else _("Ei aihetta"),
                r["minutes"],
                r["people"],
            )
            for r in grouped
        ]
    else:
        grouped = (
            sessions.values_list("organisation_id", "organisation__name")
            .annotate(minutes=minutes, people=people)
            .order_by("organisation__name", "organisation_id")
        )
        rows = [ReportRow(name, m, p) for _pk, name, m, p in grouped]
    return HoursReport(
        group=group,
        start=start,
        end=end,
        rows=rows,
        read_spend=partial(_spend_by_school, user, period),
    )
