"""Local time: the platform's one time zone (Europe/Helsinki) and the helpers built on it.

Times are stored as aware UTC datetimes; people read and type them in Helsinki time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

HELSINKI = timezone.get_default_timezone()


def local(moment: datetime) -> datetime:
    """``moment`` in Helsinki time."""
    return timezone.localtime(moment, HELSINKI)


def at_local(day: date, at: time = time.min) -> datetime:
    """The aware datetime of ``day`` at ``at`` o'clock in Helsinki (midnight by default)."""
    return datetime.combine(day, at, tzinfo=HELSINKI)


def week_start(day: date) -> date:
    """The Monday of the week ``day`` is in."""
    return day - timedelta(days=day.weekday())


def local_text(moment: datetime) -> str:
    """``moment`` as a Finn writes it, e.g. ``5.3.2027 14:30``, in Helsinki time."""
    shown = local(moment)
    return f"{shown.day}.{shown.month}.{shown.year} {shown:%H:%M}"
