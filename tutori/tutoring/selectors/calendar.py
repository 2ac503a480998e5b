"""Reads of the week calendar: the week a ``?week=`` parameter names and a person's seven
days in it (their bookings and, for a tutor, their own times)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.core.time import ANY_DATE, at_local, local, week_start
from tutori.tutoring.models import Booking, Slot


@dataclass
class Day:
    day: date
    entries: list[dict[str, Any]]


@dataclass
class Week:
    """A week from Monday, with its neighbours for the week navigation; ``problem`` says why
    the week asked for is not the one shown."""

    monday: date
    problem: str | None = None

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def number(self) -> int:
        return self.monday.isocalendar()[1]


def week_from_param(raw: str) -> Week:
    """The week a ``?week=YYYY-MM-DD`` parameter names; this week if it names none, or a day
    out of the dates Tutori holds (core.time.ANY_DATE), with the reason."""
    this_week = Week(monday=week_start(timezone.localdate()))
    try:
        day = date.fromisoformat(raw) if raw else None
    except ValueError:
        day = None
    if day is None:
        return this_week
    problem = ANY_DATE.problem(day)
    if problem:
        this_week.problem = _("Näytetään kuluva viikko. %(problem)s") % {"problem": problem}
        return this_week
    return Week(monday=week_start(day))


def week_calendar(*, user: User, monday: date) -> list[Day]:
    """Seven days from ``monday``: the user's bookings and, for a tutor, their own times."""
    start = at_local(monday)
    end = start + timedelta(days=7)
    days = [Day(day=monday + timedelta(days=i), entries=[]) for i in range(7)]
    bookings = (
        Booking.objects.visible_to(user)
        .filter(person=user, status__in=Booking.ACTIVE)
        .filter(slot__starts_at__gte=start, slot__starts_at__lt=end)
        .select_related("slot__tutor", "topic")
    )
    for booking in bookings:
        days[local(booking.slot.starts_at).weekday()].entries.append(
            {
                "kind": "booking",
                "start": booking.slot.starts_at,
                "booking": booking,
                "slot": booking.slot,
            }
        )
    slots = (
        Slot.objects.visible_to(user)
        .filter(tutor=user, starts_at__gte=start, starts_at__lt=end)
        .prefetch_related("topics")
    )
    for slot in slots:
        days[local(slot.starts_at).weekday()].entries.append(
            {"kind": "slot", "start": slot.starts_at, "slot": slot}
        )
    for d in days:
        d.entries.sort(key=lambda e: e["start"])
    return days
