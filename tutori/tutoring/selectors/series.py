"""Reads of a weekly time: the series with its occurrences and their bookings, and the
occurrences whose rest may be cancelled."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from tutori.accounts.models import User
from tutori.tutoring.models import Booking, Slot, SlotSeries


def series_of(*, user: User, pk: int) -> SlotSeries | None:
    return (  # type: ignore[no-any-return]
        SlotSeries.objects.visible_to(user)
        .select_related("tutor", "organisation")
        .filter(pk=pk)
        .first()
    )


def series_slots(*, user: User, series: SlotSeries) -> list[Slot]:
    """Every occurrence of the series, with ``active_bookings`` (confirmed, waiting for
    approval or in the waiting list)."""
    return list(
        Slot.objects.visible_to(user)
        .filter(series=series)
        .select_related("tutor", "organisation")
        .annotate(active_bookings=Count("bookings", filter=Q(bookings__status__in=Booking.ACTIVE)))
        .order_by("starts_at", "pk")
    )


def upcoming_open(slots: list[Slot]) -> list[Slot]:
    """The occurrences still to come and not cancelled (of ``series_slots``)."""
    now = timezone.now()
    return [s for s in slots if s.status == Slot.Status.OPEN and s.starts_at > now]
