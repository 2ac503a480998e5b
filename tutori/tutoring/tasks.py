"""Tutoring's background jobs: the reminder before a booked time.

``reminders_send`` runs every few minutes (declared as a periodic job in ``apps.py``). A
confirmed booking is reminded once its time is within the organisation's
``BookingPolicy.reminder_hours_before`` (0: no reminders there): the booker gets a reminder
of their booking, the tutor one of their time with everyone booked on it. Each reminder is
claimed by a conditional UPDATE (``reminded_at IS NULL``) in the transaction that queues its
mail, so a job that runs twice, or two schedulers at once, never send the same one twice.
A booking confirmed after its reminder time had come is not reminded: its confirmation has
just gone out.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks import task

from tutori.core.scoping import scopes_disabled
from tutori.tutoring import notifications
from tutori.tutoring.models import Booking, BookingPolicy, Slot
from tutori.tutoring.selectors.policy import policies_for

REMINDERS_EVERY = timedelta(minutes=15)


@task()
def reminders_send() -> dict[str, int]:
    """The periodic job: send the reminders that are due now."""
    return reminders_due()


@scopes_disabled()
def reminders_due(*, now: datetime | None = None) -> dict[str, int]:
    """Send every reminder due at ``now`` that has not been sent; the numbers sent."""
    now = now or timezone.now()
    longest = max(
        BookingPolicy.objects.aggregate(longest=Max("reminder_hours_before"))["longest"] or 0,
        BookingPolicy._meta.get_field("reminder_hours_before").default,
    )
    candidates = list(
        Booking.objects.filter(
            status=Booking.Status.CONFIRMED,
            slot__status=Slot.Status.OPEN,
            slot__starts_at__gt=now,
            slot__starts_at__lte=now + timedelta(hours=longest),
        )
        .filter(reminded_at__isnull=True)
        .select_related("slot__organisation", "slot__tutor", "person", "topic")
        .order_by("slot__starts_at", "pk")
    )
    policies = policies_for(
        {b.slot.organisation_id: b.slot.organisation for b in candidates}.values()
    )
    due: list[Booking] = []
    for booking in candidates:
        hours = policies[booking.slot.organisation_id].reminder_hours_before
        if not hours:
            continue
        reminder_time = booking.slot.starts_at - timedelta(hours=hours)
        confirmed_at = booking.decided_at or booking.created_at
        if reminder_time <= now and confirmed_at < reminder_time:
            due.append(booking)
    sent = {"bookers": 0, "tutors": 0}
    for booking in due:
        with transaction.atomic():
            claimed = Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                notifications.booking_reminder(booking)
                sent["bookers"] += 1
    slots = {booking.slot_id: booking.slot for booking in due}
    for slot in slots.values():
        with transaction.atomic():
            claimed = Slot.objects.filter(pk=slot.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                booked = list(
                    Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED)
                    .select_related("person", "topic")
                    .order_by("created_at", "pk")
                )
                notifications.slot_reminder(slot, booked)
                sent["tutors"] += 1
    return sent
