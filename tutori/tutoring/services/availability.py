"""Publishing availability: one-off slots and weekly recurring times (expanded to slots).

Weekly times are expanded with dateutil's rrule on local dates and each occurrence is made
an aware Helsinki time before it is stored in UTC, so 14:00 stays 14:00 local time on both
sides of a daylight-saving change. On the night the clocks change a start that does not
exist is refused and one that happens twice is the first (``core.time.local_moment``); every
time lasts the minutes typed, counted in elapsed time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from dateutil.rrule import WEEKLY, rrule
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.core.time import SLOT_DATES, NonexistentLocalTime, local_moment, local_text
from tutori.orgs.models import Organisation
from tutori.tutoring import permissions
from tutori.tutoring.days_off import (
    EXCEPTION,
    DayOff,
    SkippedItem,
    skipped_items,
    skipped_text,
)
from tutori.tutoring.models import Booking, Mode, Place, Slot, SlotSeries, Topic
from tutori.tutoring.services import breaks

MAX_OCCURRENCES = 60  # a school year of weekly times


def weekly_days(*, weekday: int, first_date: date, until: date) -> list[date]:
    """The days of a weekly time: each ``weekday`` from ``first_date`` to ``until``."""
    rule = rrule(
        WEEKLY,
        byweekday=weekday,
        dtstart=datetime.combine(first_date, time.min),
        until=datetime.combine(until, time.max),
    )
    return [naive.date() for naive in rule]


def occurrences(
    *,
    weekday: int,
    start_time: time,
    duration_minutes: int,
    first_date: date,
    until: date,
    exceptions: Iterable[date] = (),
) -> list[tuple[datetime, datetime]]:
    """Start and end (aware, UTC) of each weekly occurrence, minus exception dates.

    Raises ApplicationError when the start time does not exist on one of the days (the
    spring night the clocks skip from 3.00 to 4.00)."""
    skip = set(exceptions)
    result = []
    for day in weekly_days(weekday=weekday, first_date=first_date, until=until):
        if day in skip:
            continue
        try:
            start = local_moment(day, start_time)
        except NonexistentLocalTime as error:
            raise ApplicationError(
                f"{error.message} " + _("Voit myös lisätä päivän poikkeuspäiviin.")
            ) from error
        result.append((start, start + timedelta(minutes=duration_minutes)))
    return result


def _check_dates(*days: date) -> None:
    for day in days:
        problem = SLOT_DATES.problem(day)
        if problem:
            raise ApplicationError(problem)


def _check_may_publish(by: User, tutor: User, organisation: Organisation, is_shared: bool) -> None:
    if is_shared or tutor.pk != by.pk:
        # Shared municipal time and times published for another tutor are a coordinator's.
        if not permissions.can_curate_in(by, organisation):
            raise PermissionDeniedError(_("Vain koordinaattori voi julkaista yhteistä tutoraikaa."))
        if not permissions.is_tutor_within(tutor, organisation):
            raise ApplicationError(_("Valittu henkilö ei ole tutor tässä organisaatiossa."))
    elif not permissions.can_tutor_in(by, organisation):
        raise PermissionDeniedError(
            _("Voit julkaista aikoja vain organisaatioissa, joissa olet tutor.")
        )


@scopes_disabled()
def _overlaps(
    tutor: User, spans: list[tuple[datetime, datetime]], exclude: Iterable[int] = ()
) -> list[datetime]:
    """Starts of ``spans`` that overlap the tutor's open slots (one query for all), apart
    from the slots ``exclude`` (those being moved)."""
    if not spans:
        return []
    first = min(s for s, _e in spans)
    last = max(e for _s, e in spans)
    existing = list(
        Slot.objects.filter(
            tutor=tutor, status=Slot.Status.OPEN, starts_at__lt=last, ends_at__gt=first
        )
        .exclude(pk__in=list(exclude))
        .values_list("starts_at", "ends_at")
    )
    clashes = [s for s, e in spans for (xs, xe) in existing if s < xe and e > xs]
    # Occurrences of the new time must not overlap each other either.
    ordered = sorted(spans)
    clashes += [b[0] for a, b in itertools.pairwise(ordered) if b[0] < a[1]]
    return sorted(set(clashes))


def _clean_capacity(mode: str, capacity: int) -> int:
    if mode == Mode.INDIVIDUAL:
        return 1
    if capacity < 2:
        raise ApplicationError(_("Ryhmäohjauksessa on oltava vähintään kaksi paikkaa."))
    return capacity


@transaction.atomic
def slot_create(
    *,
    by: User,
    organisation: Organisation,
    starts_at: datetime,
    ends_at: datetime,
    tutor: User | None = None,
    mode: str = Mode.INDIVIDUAL,
    capacity: int = 1,
    place: str = Place.ON_SITE,
    location: str = "",
    requires_approval: bool = False,
    is_shared: bool = False,
    topics: Iterable[Topic] = (),
    note: str = "",
) -> Slot:
    tutor = tutor or by
    _check_may_publish(by, tutor, organisation, is_shared)
    _check_dates(starts_at.date(), ends_at.date())
    # In UTC: aware datetimes of one zone compare (and add) by their clock times.
    starts_at, ends_at = starts_at.astimezone(UTC), ends_at.astimezone(UTC)
    if ends_at <= starts_at:
        raise ApplicationError(_("Päättymisajan on oltava alkamisajan jälkeen."))
    if starts_at < timezone.now():
        raise ApplicationError(_("Aika on jo mennyt."))
    if _overlaps(tutor, [(starts_at, ends_at)]):
        raise ApplicationError(_("Sinulla on jo aika, joka menee päällekkäin tämän kanssa."))
    slot = Slot(
        tutor=tutor,
        organisation=organisation,
        starts_at=starts_at,
        ends_at=ends_at,
        mode=mode,
        capacity=_clean_capacity(mode, capacity),
        place=place,
        location=clean_text(location),
        requires_approval=requires_approval,
        is_shared=is_shared,
        note=clean_text(note),
    )
    slot.full_clean()
    slot.save()
    slot.topics.set(list(topics))
    return slot


@dataclass(frozen=True)
class SeriesPlan:
    """What a weekly time would publish: its occurrences (UTC spans, future ones only) and
    the days it leaves out, with their reasons."""

    spans: list[tuple[datetime, datetime]]
    skipped: list[DayOff]

    @property
    def skipped_text(self) -> str:
        return skipped_text(self.skipped)

    @property
    def skipped_items(self) -> list[SkippedItem]:
        return skipped_items(self.skipped)


def series_plan(
    *,
    organisation: Organisation,
    weekday: int,
    start_time: time,
    duration_minutes: int,
    first_date: date,
    until: date,
    exceptions: Iterable[date] = (),
    skip_days_off: bool = True,
) -> SeriesPlan:
    """The occurrences of a weekly time from today on: public holidays and the school breaks
    of ``organisation`` (and above) are skipped unless ``skip_days_off`` is False, and the
    typed ``exceptions`` always."""
    if until < first_date:
        raise ApplicationError(_("Viimeinen päivä ei voi olla ennen ensimmäistä."))
    _check_dates(first_date, until)
    typed = set(exceptions)
    off = breaks.days_off(organisation, first_date, until) if skip_days_off else {}
    today = timezone.localdate()
    skipped = []
    for day in weekly_days(weekday=weekday, first_date=first_date, until=until):
        if day < today:
            continue
        if day in off:
            skipped.append(off[day])
        elif day in typed:
            skipped.append(DayOff(day, EXCEPTION))
    spans = occurrences(
        weekday=weekday,
        start_time=start_time,
        duration_minutes=duration_minutes,
        first_date=first_date,
        until=until,
        exceptions=typed | set(off),
    )
    now = timezone.now()
    return SeriesPlan(spans=[(s, e) for s, e in spans if s > now], skipped=skipped)


@scopes_disabled()
@transaction.atomic
def series_create(
    *,
    by: User,
    organisation: Organisation,
    weekday: int,
    start_time: time,
    duration_minutes: int,
    first_date: date,
    until: date,
    exceptions: Iterable[date] = (),
    tutor: User | None = None,
    mode: str = Mode.INDIVIDUAL,
    capacity: int = 1,
    place: str = Place.ON_SITE,
    location: str = "",
    requires_approval: bool = False,
    is_shared: bool = False,
    topics: Iterable[Topic] = (),
    note: str = "",
    skip_days_off: bool = True,
) -> SlotSeries:
    """A weekly time from ``first_date`` to ``until``: all its slots, or none. Public
    holidays and school breaks are left out (unless ``skip_days_off`` is False) and the
    series keeps the list of what it left out."""
    tutor = tutor or by
    _check_may_publish(by, tutor, organisation, is_shared)
    if until < first_date:
        raise ApplicationError(_("Viimeinen päivä ei voi olla ennen ensimmäistä."))
    exceptions = sorted(set(exceptions))
    series = SlotSeries(
        tutor=tutor,
        organisation=organisation,
        weekday=weekday,
        start_time=start_time,
        duration_minutes=duration_minutes,
        first_date=first_date,
        until=until,
        exceptions=[d.isoformat() for d in exceptions],
    )
    try:
        series.full_clean()
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error
    plan = series_plan(
        organisation=organisation,
        weekday=weekday,
        start_time=start_time,
        duration_minutes=duration_minutes,
        first_date=first_date,
        until=until,
        exceptions=exceptions,
        skip_days_off=skip_days_off,
    )
    series.skipped = [d.as_json() for d in plan.skipped]
    spans = plan.spans
    if not spans:
        if plan.skipped:
            raise ApplicationError(
                _("Aikavälin kaikki kerrat osuvat lomille tai arkipyhiin.")
                + " "
                + plan.skipped_text
            )
        raise ApplicationError(_("Aikavälille ei osu yhtään tulevaa kertaa."))
    if len(spans) > MAX_OCCURRENCES:
        raise ApplicationError(
            _("Toistuvassa ajassa voi olla enintään %(max)d kertaa.") % {"max": MAX_OCCURRENCES}
        )
    clashes = _overlaps(tutor, spans)
    if clashes:
        days = ", ".join(local_text(c) for c in clashes[:10])
        raise ApplicationError(
            _("Ajat menevät päällekkäin aiempien aikojesi kanssa: %(days)s.") % {"days": days}
        )
    series.save()
    capacity = _clean_capacity(mode, capacity)
    slots = Slot.objects.bulk_create(
        [
            Slot(
                tutor=tutor,
                organisation=organisation,
                series=series,
                starts_at=start,
                ends_at=end,
                mode=mode,
                capacity=capacity,
                place=place,
                location=clean_text(location),
                requires_approval=requires_approval,
                is_shared=is_shared,
                note=clean_text(note),
            )
            for start, end in spans
        ]
    )
    topic_list = list(topics)
    if topic_list:
        through = Slot.topics.through
        through.objects.bulk_create(
            [through(slot_id=s.pk, topic_id=t.pk) for s in slots for t in topic_list]
        )
    return series


@transaction.atomic
def shared_time_create(
    *, by: User, organisation: Organisation, tutors: Iterable[User], **series: Any
) -> int:
    """The municipality's shared tutor time: one weekly series per tutor, all or none.
    Returns how many times were published."""
    tutors = list(tutors)
    if not tutors:
        raise ApplicationError(_("Valitse vähintään yksi tutor."))
    return sum(
        series_create(
            by=by, organisation=organisation, tutor=tutor, is_shared=True, **series
        ).slots.count()
        for tutor in tutors
    )


@scopes_disabled()
@transaction.atomic
def slot_cancel(*, by: User, slot: Slot, reason: str) -> Slot:
    """Cancel a slot; its bookings are cancelled and the people told."""
    from tutori.tutoring import notifications
    from tutori.tutoring.services.booking import booking_cancel

    if not permissions.can_cancel_slot(by, slot):
        raise PermissionDeniedError(_("Et voi perua tätä aikaa."))
    if not reason.strip():
        raise ApplicationError(_("Kerro peruutuksen syy."))
    # Closed first, so that no one is promoted from the waiting list into a cancelled slot.
    Slot.objects.filter(pk=slot.pk).update(status=Slot.Status.CANCELLED)
    slot.status = Slot.Status.CANCELLED
    cancelled = [
        booking_cancel(booking=booking, by=by, reason=reason, tell=False)
        for booking in Booking.objects.filter(slot=slot, status__in=Booking.ACTIVE)
    ]
    # Each booker is told (with a cancelled .ics), and the tutor when a coordinator did it.
    notifications.slot_cancelled(
        Slot.objects.select_related("tutor").get(pk=slot.pk), cancelled, by=by, reason=reason
    )
    return slot
