"""Personal iCalendar feeds: a secret, revocable URL per person (RFC 5545 via ``icalendar``).

Only the token's SHA-256 is stored, so a leaked database does not leak working feed URLs;
the URL is shown once, when it is made. Making a new one revokes the old one.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

import icalendar
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.tutoring.models import Booking, CalendarFeed, Slot

HELSINKI = timezone.get_default_timezone()
MAX_TOKEN_LENGTH = 100
FEED_STATUS = {"confirmed": "CONFIRMED", "pending": "TENTATIVE", "waiting": "TENTATIVE"}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_active(*, user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


@transaction.atomic
def feed_create(*, user: User) -> str:
    """A new secret feed token for ``user`` (the old one stops working)."""
    feed_revoke(user=user)
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(user=user, token_hash=_hash(token))
    return token


@transaction.atomic
def feed_revoke(*, user: User) -> int:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def feed_owner(token: str) -> User | None:
    """The person whose live feed this token opens, or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=_hash(token), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def _event(uid: str, slot: Slot, summary: str, description: str, status: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(slot.starts_at, HELSINKI))
    event.add("dtend", timezone.localtime(slot.ends_at, HELSINKI))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if slot.location:
        event.add("location", slot.location)
    event.add("status", status)
    return event


def feed_calendar(*, user: User, host: str) -> bytes:
    """The person's bookings (cancelled ones as CANCELLED) and, as a tutor, their own times."""
    since = timezone.now() - timedelta(days=60)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tutori//tutori//FI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Tutori: %(name)s") % {"name": user.display_name})
    calendar.add("x-wr-timezone", "Europe/Helsinki")
    bookings = (
        Booking.unscoped_objects.filter(person=user, slot__starts_at__gte=since)
        .exclude(status=Booking.Status.DECLINED)
        .select_related("slot__tutor", "topic")
    )
    for booking in bookings:
        summary = _("Tutorointi: %(tutor)s") % {"tutor": booking.slot.tutor.display_name}
        if booking.topic:
            summary += f" – {booking.topic.name}"
        status = FEED_STATUS.get(str(booking.status), "CANCELLED")
        description = booking.get_status_display()
        calendar.add_component(
            _event(f"booking-{booking.pk}@{host}", booking.slot, summary, description, status)
        )
    slots = Slot.unscoped_objects.filter(tutor=user, starts_at__gte=since).prefetch_related(
        "topics"
    )
    for slot in slots:
        topics = ", ".join(t.name for t in slot.topics.all())
        summary = _("Tutoraika (%(booked)s/%(capacity)s varattu)") % {
            "booked": slot.booked,
            "capacity": slot.capacity,
        }
        status = "CANCELLED" if slot.status == Slot.Status.CANCELLED else "CONFIRMED"
        calendar.add_component(_event(f"slot-{slot.pk}@{host}", slot, summary, topics, status))
    calendar.add_missing_timezones()
    return calendar.to_ical()
