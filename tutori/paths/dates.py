"""A path step's dates as people read them, with weekdays (a window on a weekend is kept as
computed: the weekday shows it), in the active language.

The same text as ``formats.date_format(day, "D j.n.Y")`` (a test holds it equal), written
directly: the coach's page dates a hundred steps, and Django's date formatter costs about
ten times as much per date."""

from __future__ import annotations

from datetime import date

from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import get_language

# The weekdays' short names by language, translated once ("ma" … "su").
_WEEKDAYS: dict[str | None, tuple[str, ...]] = {}


def _weekdays() -> tuple[str, ...]:
    language = get_language()
    names = _WEEKDAYS.get(language)
    if names is None:
        names = _WEEKDAYS[language] = tuple(str(WEEKDAYS_ABBR[day]) for day in range(7))
    return names


def window_text(due_from: date | None, due_to: date | None) -> str:
    """A step's window: "la 13.3.–su 14.3.2027", one day "ma 15.3.2027", across a new year
    "to 30.12.2027–ma 3.1.2028" (empty when undated)."""
    if due_from is None or due_to is None:
        return ""
    if due_from == due_to:
        return day_text(due_from)
    if due_from.year == due_to.year:
        first = f"{_weekdays()[due_from.weekday()]} {due_from.day}.{due_from.month}."
    else:
        first = day_text(due_from)
    return f"{first}–{day_text(due_to)}"


def day_text(day: date | None) -> str:
    """ "ma 15.3.2027" (empty for None)."""
    if not day:
        return ""
    return f"{_weekdays()[day.weekday()]} {day.day}.{day.month}.{day.year:04d}"
