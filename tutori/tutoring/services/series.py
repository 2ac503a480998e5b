"""Changing published times: one occurrence, or this and the following occurrences of a
weekly time; cancelling the rest of a weekly time (the bookers told, one mail each).

The bookers of a time agreed on its day, clock time and place: those of an occurrence with
bookings stay as they are (the tutor proposes another time to the bookers or cancels the
occurrence, and the bookers are told). Changing only that occurrence is refused with that
explanation; changing this and the following ones changes the occurrences without bookings
and names the booked ones it left as they were. Places may grow, or shrink down to the
number booked: the conditional UPDATE (``booked <= capacity``) decides, not a read before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.core.time import (
    LocalTimeError,
    at_local,
    local,
    local_moment,
    local_span,
    local_text,
)
from tutori.tutoring import notifications, permissions
from tutori.tutoring.models import Booking, Mode, Place, Slot, SlotSeries
from tutori.tutoring.services.availability import _check_dates, _clean_capacity, _overlaps

ONE = "one"
FOLLOWING = "following"


@dataclass
class SlotChange:
    """What a change did: how many times changed, the booked ones left as they were, and
    the series the changed times now belong to."""

    changed: int = 0
    kept: list[Slot] = field(default_factory=list)
    series: SlotSeries | None = None

    @property
    def kept_text(self) -> str:
        return ", ".join(local_text(s.starts_at) for s in self.kept)


def _days_text(slots: list[Slot]) -> str:
    return ", ".join(local_text(s.starts_at) for s in slots[:10])


def _active_bookings() -> Exists:
    return Exists(
        Booking.objects.filter(slot=OuterRef("pk"), status__in=Booking.ACTIVE).values("pk")
    )


def _new_span(
    slot: Slot, scope: str, day: date, start: time, end: time
) -> tuple[datetime, datetime]:
    """The occurrence's new start and end (UTC). One occurrence lasts what its clock times
    say (a time across the night the clocks change is refused, as for a one-off time); the
    following ones of a series keep their days and last the minutes between the clock times
    in elapsed time, as a weekly time does."""
    try:
        if scope == ONE:
            return local_span(day, start, end)
        minutes = (datetime.combine(day, end) - datetime.combine(day, start)).seconds // 60
        begins = local_moment(local(slot.starts_at).date(), start)
        return begins, begins + timedelta(minutes=minutes)
    except LocalTimeError as error:
        raise ApplicationError(error.message) from error


@scopes_disabled()
@transaction.atomic
def slot_edit(
    *,
    by: User,
    slot: Slot,
    day: date,
    start: time,
    end: time,
    place: str,
    location: str = "",
    capacity: int | None = None,
    scope: str = ONE,
    now: datetime | None = None,
) -> SlotChange:
    """Change one time, or (``scope=FOLLOWING``) this and the following times of its weekly
    series: the clock time, the place and the number of places."""
    now = now or timezone.now()
    slot = Slot.objects.select_related("series", "organisation", "tutor").get(pk=slot.pk)
    if not permissions.can_edit_slot(by, slot):
        raise PermissionDeniedError(_("Et voi muuttaa tätä aikaa."))
    if slot.status != Slot.Status.OPEN:
        raise ApplicationError(_("Aika on peruttu, eikä sitä voi enää muuttaa."))
    if slot.starts_at <= now:
        raise ApplicationError(_("Aika on jo alkanut, eikä sitä voi enää muuttaa."))
    if end <= start:
        raise ApplicationError(_("Päättymisajan on oltava alkamisajan jälkeen."))
    if place not in Place.values:
        raise ApplicationError(_("Valitse paikka."))
    _check_dates(day)
    location = clean_text(location)[:200]
    capacity = _clean_capacity(slot.mode, slot.capacity if capacity is None else capacity)
    if scope != FOLLOWING or slot.series_id is None:
        scope = ONE
    elif day != local(slot.starts_at).date():
        raise ApplicationError(
            _(
                "Päivää voi muuttaa vain yhdeltä kerralta. Jos viikonpäivä vaihtuu, peru "
                "loput kerrat ja julkaise uusi toistuva aika."
            )
        )

    if scope == ONE:
        targets = [slot]
    else:
        targets = list(
            Slot.objects.filter(
                series_id=slot.series_id, status=Slot.Status.OPEN, starts_at__gte=slot.starts_at
            ).order_by("starts_at", "pk")
        )
    spans = {t.pk: _new_span(t, scope, day, start, end) for t in targets}
    if spans[slot.pk][0] <= now:
        raise ApplicationError(_("Aika on jo mennyt."))
    booked = set(
        Booking.objects.filter(slot__in=targets, status__in=Booking.ACTIVE).values_list(
            "slot_id", flat=True
        )
    )

    def differs(t: Slot) -> bool:
        return (t.starts_at, t.ends_at) != spans[t.pk] or (t.place, t.location) != (
            place,
            location,
        )

    kept = [t for t in targets if differs(t) and t.pk in booked]
    if kept and scope == ONE:
        raise ApplicationError(
            _(
                "Tähän aikaan on varauksia, joten sen aikaa tai paikkaa ei voi muuttaa: "
                "varaajat ovat sopineet juuri tämän. Ehdota varaajille toista aikaa tai peru "
                "aika, jolloin varaajat saavat viestin. Paikkojen määrää voit muuttaa."
            )
        )
    moving = [t for t in targets if differs(t) and t.pk not in booked]
    clashes = _overlaps(slot.tutor, [spans[t.pk] for t in moving], exclude=[t.pk for t in targets])
    if clashes:
        raise ApplicationError(
            _("Ajat menevät päällekkäin aiempien aikojesi kanssa: %(days)s.")
            % {"days": ", ".join(local_text(c) for c in clashes[:10])}
        )

    too_full: list[Slot] = []
    for t in targets:
        values: dict[str, object] = {"capacity": capacity}
        rows = Slot.objects.filter(pk=t.pk, status=Slot.Status.OPEN, booked__lte=capacity)
        if t in moving:
            starts_at, ends_at = spans[t.pk]
            values.update(starts_at=starts_at, ends_at=ends_at, place=place, location=location)
            # A booking made since the read above keeps the time as it was.
            rows = rows.filter(~_active_bookings())
        if not rows.update(**values):
            too_full.append(t)
    if too_full:
        full = Slot.objects.filter(pk__in=[t.pk for t in too_full], booked__gt=capacity)
        if full.exists():
            raise ApplicationError(
                ngettext(
                    "Paikkoja ei voi olla vähemmän kuin varauksia. Näissä ajoissa on enemmän "
                    "kuin %(capacity)d varaus: %(days)s.",
                    "Paikkoja ei voi olla vähemmän kuin varauksia. Näissä ajoissa on enemmän "
                    "kuin %(capacity)d varausta: %(days)s.",
                    capacity,
                )
                % {"capacity": capacity, "days": _days_text(list(full.order_by("starts_at")))}
            )
        raise ApplicationError(_("Aikaan tuli juuri varaus. Tarkista tilanne ja yritä uudelleen."))

    if slot.mode == Mode.GROUP:
        _fill_from_waiting_lists([t for t in targets if capacity > t.capacity])
    series = slot.series
    if scope == FOLLOWING and series is not None:
        series = _split(series, slot, start, end)
    changed = [t for t in targets if t in moving or t.capacity != capacity]
    return SlotChange(changed=len(changed), kept=kept, series=series)


def _fill_from_waiting_lists(slots: list[Slot]) -> None:
    """Places added to a group time go to the people in its waiting list, first come
    first served (they are told)."""
    from tutori.tutoring.services.booking import _promote_waiting

    for each in slots:
        while _promote_waiting(each) is not None:
            pass


def _split(series: SlotSeries, slot: Slot, start: time, end: time) -> SlotSeries:
    """The weekly rule of the times from ``slot`` on is now ``start``–``end``: the series
    itself when ``slot`` is its first time, otherwise a new series that continues it."""
    minutes = (datetime.combine(date.min, end) - datetime.combine(date.min, start)).seconds // 60
    if (series.start_time, series.duration_minutes) == (start, minutes):
        return series
    day = local(slot.starts_at).date()
    # From the day's midnight: the slot itself may have moved earlier that day.
    boundary = at_local(day)
    earlier = Slot.objects.filter(series=series, starts_at__lt=boundary).exists()
    if not earlier:
        series.start_time, series.duration_minutes = start, minutes
        series.save(update_fields=["start_time", "duration_minutes"])
        return series
    iso = day.isoformat()
    following = SlotSeries.objects.create(
        tutor_id=series.tutor_id,
        organisation_id=series.organisation_id,
        weekday=series.weekday,
        start_time=start,
        duration_minutes=minutes,
        first_date=day,
        until=max(series.until, day),
        exceptions=[d for d in series.exceptions if str(d) >= iso],
        skipped=[s for s in series.skipped if str(s.get("date", "")) >= iso],
    )
    Slot.objects.filter(series=series, starts_at__gte=boundary).update(series=following)
    series.until = max(series.first_date, day - timedelta(days=1))
    series.exceptions = [d for d in series.exceptions if str(d) < iso]
    series.skipped = [s for s in series.skipped if str(s.get("date", "")) < iso]
    series.save(update_fields=["until", "exceptions", "skipped"])
    return following


@scopes_disabled()
@transaction.atomic
def series_cancel_rest(
    *,
    by: User,
    series: SlotSeries,
    reason: str,
    from_slot: Slot | None = None,
    now: datetime | None = None,
) -> list[Slot]:
    """Cancel the times of ``series`` still to come, from ``from_slot`` on (or from now):
    their bookings are cancelled and each booker gets one mail listing their times."""
    from tutori.tutoring.services.booking import booking_cancel

    now = now or timezone.now()
    series = SlotSeries.objects.select_related("organisation").get(pk=series.pk)
    if not permissions.can_edit_series(by, series):
        raise PermissionDeniedError(_("Et voi perua tämän toistuvan ajan kertoja."))
    reason = clean_text(reason)[:300]
    if not reason:
        raise ApplicationError(_("Kerro peruutuksen syy."))
    if from_slot is not None and from_slot.series_id != series.pk:
        raise ApplicationError(_("Valitse jokin tämän toistuvan ajan kerroista."))
    begins = max(now, from_slot.starts_at) if from_slot is not None else now
    rows = Slot.objects.filter(series=series, status=Slot.Status.OPEN, starts_at__gte=begins)
    slots = list(rows.select_related("tutor", "organisation").order_by("starts_at", "pk"))
    if not slots:
        raise ApplicationError(_("Toistuvalla ajalla ei ole tulevia kertoja peruttavaksi."))
    # Closed first, so that no one is promoted from a waiting list into a cancelled time.
    Slot.objects.filter(pk__in=[s.pk for s in slots]).update(status=Slot.Status.CANCELLED)
    bookings = (
        Booking.objects.filter(slot__in=slots, status__in=Booking.ACTIVE)
        .select_related("person")
        .order_by("slot__starts_at", "pk")
    )
    per_slot: dict[int, list[Booking]] = {s.pk: [] for s in slots}
    for booking in bookings:
        per_slot[booking.slot_id].append(
            booking_cancel(booking=booking, by=by, reason=reason, now=now, tell=False)
        )
    for each in slots:
        each.status = Slot.Status.CANCELLED
    notifications.slots_cancelled([(s, per_slot[s.pk]) for s in slots], by=by, reason=reason)
    return slots
