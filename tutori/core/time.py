"""Local time: the platform's one time zone (Europe/Helsinki) and the helpers built on it.

Times are stored as aware UTC datetimes; people read and type them in Helsinki time. On the
two nights a year the clocks change, a typed clock time may not exist (spring, 03:00–03:59)
or happen twice (autumn, 03:00–03:59): ``local_moment`` refuses the first and reads the
second as the first time it happens (summer time, ``fold=0``).

The dates anyone may type or ask for are bounded here too (``DateBounds``), so that one
range is checked in every form, filter and service: past year 9999 date arithmetic breaks,
and a date in year 1 is a typing error, not a time to tutor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _

HELSINKI = timezone.get_default_timezone()


def local(moment: datetime) -> datetime:
    """``moment`` in Helsinki time."""
    return timezone.localtime(moment, HELSINKI)


def at_local(day: date, at: time = time.min) -> datetime:
    """The aware datetime of ``day`` at ``at`` o'clock in Helsinki (midnight by default).

    For clock times a person typed, use ``local_moment``: this one does not check that the
    time exists, and arithmetic on its result is clock arithmetic, not elapsed time."""
    return datetime.combine(day, at, tzinfo=HELSINKI)


class LocalTimeError(ValueError):
    """Clock times typed for a day that cannot be stored as they were meant."""

    @property
    def message(self) -> str:
        raise NotImplementedError


class NonexistentLocalTime(LocalTimeError):
    """The clock time does not exist that day in Helsinki (the clocks skip it in spring)."""

    def __init__(self, day: date, at: time) -> None:
        super().__init__(f"{day} {at} does not exist in Helsinki")
        self.day = day
        self.at = at

    @property
    def message(self) -> str:
        return _(
            "Kello %(time)s ei ole olemassa %(day)s, koska kellot siirtyvät silloin "
            "kesäaikaan (kello 3.00 → 4.00). Valitse toinen kellonaika."
        ) % {"time": clock_text(self.at), "day": day_text(self.day)}


class ClockChangeWithin(LocalTimeError):
    """The clocks change between two typed clock times, so the time would not last what
    the clock times say."""

    def __init__(self, day: date) -> None:
        super().__init__(f"the clocks change on {day} within the time")
        self.day = day

    @property
    def message(self) -> str:
        return _(
            "Kellot siirtyvät %(day)s tämän ajan aikana, joten se kestäisi tunnin enemmän "
            "tai vähemmän kuin kellonajat näyttävät. Valitse aika, joka ei ylitä kellojen "
            "siirtoa."
        ) % {"day": day_text(self.day)}


def local_moment(day: date, at: time) -> datetime:
    """The moment (aware, UTC) that the clocks in Helsinki show ``at`` on ``day``.

    A time the clocks skip raises ``NonexistentLocalTime``; a time they show twice is the
    first of the two (summer time). UTC, so that comparing and adding is elapsed time."""
    naive = datetime.combine(day, at)
    try:
        moment = naive.replace(tzinfo=HELSINKI, fold=0).astimezone(UTC)
        shown = moment.astimezone(HELSINKI).replace(tzinfo=None)
    except OverflowError as error:  # at the edge of year 1 or 9999: no time to tutor
        raise NonexistentLocalTime(day, at) from error
    if shown != naive:
        raise NonexistentLocalTime(day, at)
    return moment


def shown_moment(day: date, at: time) -> datetime:
    """``local_moment`` for a time already saved: a time the clocks skip (a session copied
    onto the night the clocks change) is read as the clocks after the change show it
    (03.30 → 04.30), so that one such entry never breaks a whole calendar feed."""
    try:
        return local_moment(day, at)
    except LocalTimeError:
        return datetime.combine(day, at).replace(tzinfo=HELSINKI).astimezone(UTC)


def local_span(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """The moments (UTC) the clocks in Helsinki show ``start`` and ``end`` on ``day``.

    Both must exist, and the time must last what the clock times say: a time across the
    night's clock change raises ``ClockChangeWithin`` rather than being stored an hour
    shorter or longer than typed."""
    starts_at, ends_at = local_moment(day, start), local_moment(day, end)
    if ends_at - starts_at != datetime.combine(day, end) - datetime.combine(day, start):
        raise ClockChangeWithin(day)
    return starts_at, ends_at


def week_start(day: date) -> date:
    """The Monday of the week ``day`` is in."""
    return day - timedelta(days=day.weekday())


def local_text(moment: datetime) -> str:
    """``moment`` as a Finn writes it, e.g. ``5.3.2027 14:30``, in Helsinki time."""
    shown = local(moment)
    return f"{shown.day}.{shown.month}.{shown.year} {shown:%H:%M}"


def day_text(day: date) -> str:
    """``day`` as a Finn writes it, e.g. ``5.3.2027``."""
    return formats.date_format(day, "j.n.Y")


def clock_text(at: time) -> str:
    """``at`` as a Finn writes a clock time in text, e.g. ``3.30``."""
    return f"{at.hour}.{at.minute:02d}"


# --- Bounded dates --------------------------------------------------------------------------

# No date outside these is accepted anywhere: not in a form, a filter or a query parameter.
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def _years_from_today(years: int) -> Callable[[], date]:
    def bound() -> date:
        today = timezone.localdate()
        try:
            return today.replace(year=today.year + years)
        except ValueError:  # 29 February
            return today.replace(year=today.year + years, day=28)

    return bound


@dataclass(frozen=True)
class DateBounds:
    """The earliest and latest date a kind of date may take; a bound may move with today."""

    earliest: Callable[[], date]
    latest: Callable[[], date]

    def contains(self, day: date) -> bool:
        return self.earliest() <= day <= self.latest()

    def problem(self, day: date) -> str | None:
        """Why ``day`` is out of bounds, in the user's language, or None."""
        if self.contains(day):
            return None
        return _("Anna päivä väliltä %(earliest)s–%(latest)s.") % {
            "earliest": day_text(self.earliest()),
            "latest": day_text(self.latest()),
        }


# Filters and reports (any date Tutori can hold), budgets' terms.
ANY_DATE = DateBounds(earliest=lambda: EARLIEST, latest=lambda: LATEST)
# Bookable times: from a year back (a weekly time may start in the past) to two years ahead.
SLOT_DATES = DateBounds(earliest=_years_from_today(-1), latest=_years_from_today(2))
# Delivered tutoring: it has happened, so not in the future.
LOG_DATES = DateBounds(earliest=lambda: EARLIEST, latest=timezone.localdate)
