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
from functools import lru_cache
from typing import Any

import holidays
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

HOLIDAY = "holiday"
BREAK = "break"
EXCEPTION = "exception"

# Tutori's languages and the ``holidays`` package's names for them.
_HOLIDAY_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


@lru_cache(maxsize=64)
def _holidays_of(year: int, language: str) -> dict[date, str]:
    return dict(holidays.Finland(years=year, language=language).items())


def _language(language: str | None) -> str:
    code = (language or get_language() or "fi")[:2]
    return _HOLIDAY_LANGUAGES.get(code, "fi")


def public_holidays(first: date, until: date, language: str | None = None) -> dict[date, str]:
    """Finland's public holidays from ``first`` to ``until`` with their names (in the
    active language unless ``language`` is given)."""
    lang = _language(language)
    found: dict[date, str] = {}
    for year in range(first.year, until.year + 1):
        for day, name in _holidays_of(year, lang).items():
            if first <= day <= until:
                found[day] = name
    return dict(sorted(found.items()))


def holiday_name(day: date, language: str | None = None) -> str | None:
    """The name of the public holiday on ``day``, or None."""
    return _holidays_of(day.year, _language(language)).get(day)


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
