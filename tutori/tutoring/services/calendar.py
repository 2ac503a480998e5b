"""Tutoring's entries in a person's calendar feed: their bookings (cancelled ones as
CANCELLED) and, as a tutor, their own times. Declared as a calendar source in apps.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from tutori.core.registry import CalendarEvent
from tutori.tutoring.models import Booking, Slot

FEED_STATUS = {"confirmed": "CONFIRMED", "pending": "TENTATIVE", "waiting": "TENTATIVE"}


def tutoring_events(user: Any, since: datetime) -> Iterator[CalendarEvent]:
    bookings = (
        Booking.objects.visible_to(user)
        .filter(person=user, slot__starts_at__gte=since)
        .exclude(status=Booking.Status.DECLINED)
        .select_related("slot__tutor", "topic")
    )
    for booking in bookings:
        summary = _("Tutorointi: %(tutor)s") % {"tutor": booking.slot.tutor.display_name}
        if booking.topic:
            summary += f" – {booking.topic.label}"
        yield CalendarEvent(
            uid=f"booking-{booking.pk}",
            summary=summary,
            starts_at=booking.slot.starts_at,
            ends_at=booking.slot.ends_at,
            description=str(booking.get_status_display()),
            location=booking.slot.location,
            status=FEED_STATUS.get(str(booking.status), "CANCELLED"),
        )
    slots = (
        Slot.objects.visible_to(user)
        .filter(tutor=user, starts_at__gte=since)
        .prefetch_related("topics")
    )
    for slot in slots:
        yield CalendarEvent(
            uid=f"slot-{slot.pk}",
            summary=_("Tutoraika (%(booked)s/%(capacity)s varattu)")
            % {"booked": slot.booked, "capacity": slot.capacity},
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            description=", ".join(t.label for t in slot.topics.all()),
            location=slot.location,
            status="CANCELLED" if slot.status == Slot.Status.CANCELLED else "CONFIRMED",
        )
