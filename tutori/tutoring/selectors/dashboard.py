"""What the dashboard shows of tutoring: next bookings, a tutor's week, pending decisions."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tutori.orgs import access
from tutori.tutoring.models import Booking, Slot


def tutoring_summary(*, user: Any, limit: int = 3) -> dict[str, Any]:
    now = timezone.now()
    summary: dict[str, Any] = {
        "next_bookings": list(
            Booking.objects.visible_to(user)
            .filter(person=user, status__in=Booking.ACTIVE, slot__starts_at__gte=now)
            .select_related("slot__tutor", "topic")
            .order_by("slot__starts_at")[:limit]
        ),
        "is_tutor": access.tutors_anywhere(user),
        "is_curator": access.curates_anywhere(user),
        "is_overseer": access.oversees_anywhere(user),
    }
    if summary["is_tutor"]:
        own = Slot.objects.visible_to(user).filter(
            tutor=user, status=Slot.Status.OPEN, starts_at__gte=now
        )
        summary["upcoming_slot_count"] = own.count()
        summary["pending_decisions"] = (
            Booking.objects.visible_to(user)
            .filter(slot__tutor=user, status=Booking.Status.PENDING, slot__starts_at__gte=now)
            .count()
        )
    return summary
