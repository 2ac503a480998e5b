"""Days that weekly times skip: Finland's public holidays (the ``holidays`` package) and the
school breaks an organisation's coordinator sets (``SchoolBreak``), and how the skipped days
read to a person: "6.12. Itsenäisyyspäivä, 21.12.–6.1. Joululoma".

A series stores what it skipped (``SlotSeries.skipped``) as ``DayOff.as_json()``: the day, the
kind and, for a break, its name and its days within the series. A public holiday's name is
looked up again when shown, so each person reads it in their own language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# The public holidays live in core (programmes read them too); named here as before.
from tutori.core.public_holidays import holiday_name as holiday_name
from tutori.core.public_holidays import public_holidays as public_holidays

HOLIDAY = "holiday"
BREAK = "break"
EXCEPTION = "exception"


def _iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass(frozen=True)
class DayOff:
    """A day a weekly time leaves out, and why: a public holiday, a school break (``name``,
    and the break's days within the series), or an exception the tutor typed."""

    day: date
    kind: str
    name: str = ""
    starts_on: date | None = None
    ends_on: date | None = None

    def as_json(self) -> dict[str, str]:
        data = {"date": self.day.isoformat(), "kind": self.kind, "name": self.name}
        if self.starts_on and self.ends_on:
            data.update({"from": self.starts_on.isoformat(), "to": self.ends_on.isoformat()})
        return data

    @classmethod
    def from_json(cls, data: Any) -> DayOff | None:
        """The stored entry, or None for one that cannot be read."""
        if not isinstance(data, dict):
            return None
        day = _iso(data.get("date"))
        if day is None:
            return None
        return cls(
            day=day,
            kind=str(data.get("kind") or EXCEPTION),
            name=str(data.get("name") or ""),
            starts_on=_iso(data.get("from")),
            ends_on=_iso(data.get("to")),
        )


def _day(day: date) -> str:
    return f"{day.day}.{day.month}."


@dataclass(frozen=True)
class SkippedItem:
    """One reason on the list of skipped days: "6.12. Itsenäisyyspäivä"."""

    days: str
    reason: str
    first: date

    def __str__(self) -> str:
        return f"{self.days} {self.reason}"


def skipped_items(days: Iterable[DayOff | dict[str, Any]]) -> list[SkippedItem]:
    """The skipped days grouped by reason, in date order: each holiday on its own, each
    break as its days ("21.12.–6.1."), the typed exceptions together."""
    entries = [d if isinstance(d, DayOff) else DayOff.from_json(d) for d in days]
    items: list[SkippedItem] = []
    breaks_seen: set[tuple[str, date | None, date | None]] = set()
    exceptions: list[date] = []
    for entry in sorted((e for e in entries if e is not None), key=lambda e: e.day):
        if entry.kind == HOLIDAY:
            name = holiday_name(entry.day) or entry.name
            items.append(SkippedItem(_day(entry.day), name, entry.day))
        elif entry.kind == BREAK:
            key = (entry.name, entry.starts_on, entry.ends_on)
            if key in breaks_seen:
                continue
            breaks_seen.add(key)
            start, end = entry.starts_on or entry.day, entry.ends_on or entry.day
            span = _day(start) if start == end else f"{_day(start)}–{_day(end)}"
            items.append(SkippedItem(span, entry.name, start))
        else:
            exceptions.append(entry.day)
    if exceptions:
        items.append(
            SkippedItem(
                ", ".join(_day(d) for d in exceptions),
                ngettext("poikkeuspäivä", "poikkeuspäivät", len(exceptions)),
                exceptions[0],
            )
        )
    return sorted(items, key=lambda i: i.first)


def skipped_text(days: Iterable[DayOff | dict[str, Any]]) -> str:
    """ "Ohitettu: 6.12. Itsenäisyyspäivä, 21.12.–6.1. Joululoma", or "" when none."""
    items = skipped_items(days)
    if not items:
        return ""
    return _("Ohitettu: %(days)s") % {"days": ", ".join(str(i) for i in items)}


def typical_breaks(first_year: int) -> list[tuple[str, date, date]]:
    """The breaks of a school year from August ``first_year`` as many northern Finnish
    municipalities set them (for demo and benchmark data, not a rule): the autumn break in
    week 42, Christmas from 21 December to Epiphany, the winter break in week 9. Easter
    needs no break of its own: its public holidays are skipped anyway."""
    return [
        (
            "Syysloma",
            date.fromisocalendar(first_year, 42, 1),
            date.fromisocalendar(first_year, 42, 5),
        ),
        ("Joululoma", date(first_year, 12, 21), date(first_year + 1, 1, 6)),
        (
            "Talviloma",
            date.fromisocalendar(first_year + 1, 9, 1),
            date.fromisocalendar(first_year + 1, 9, 5),
        ),
    ]
