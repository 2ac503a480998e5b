"""What the dashboard shows of tutoring: next bookings, what waits for the person (bookings
to approve, proposed times to answer, substitute spends to decide, with counts), a tutor's
week, the units the person oversees. A count is one query however many there are."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from tutori.access import engine
from tutori.orgs.models import Organisation
from tutori.tutoring import permissions
from tutori.tutoring.models import Booking, Slot, SubstituteSpend

if TYPE_CHECKING:
    from tutori.accounts.models import User


def tutoring_summary(*, user: User, limit: int = 3) -> dict[str, Any]:
    now = timezone.now()
    summary: dict[str, Any] = {
        "next_bookings": list(
            Booking.objects.visible_to(user)
            .filter(person=user, status__in=Booking.ACTIVE, slot__starts_at__gte=now)
            .select_related("slot__tutor", "topic")
            .order_by("slot__starts_at")[:limit]
        ),
        # Times a tutor proposed instead, waiting for the person's answer.
        "pending_proposals": Booking.objects.visible_to(user)
        .filter(
            person=user,
            status__in=Booking.ACTIVE,
            proposed_slot__isnull=False,
            proposed_slot__status=Slot.Status.OPEN,
            proposed_slot__starts_at__gte=now,
        )
        .count(),
        "is_tutor": permissions.tutors_anywhere(user),
        "is_curator": permissions.curates_anywhere(user),
        "is_overseer": permissions.oversees_anywhere(user),
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
    if summary["is_overseer"]:
        # The units where the person holds an overseeing role themselves (not every school
        # below a municipality: those are one click away on the unit's page).
        own_ids = engine.reach(user).held_ids(permissions.OVERSIGHT_ROLES)
        summary["units"] = list(
            Organisation.objects.visible_to(user).filter(pk__in=own_ids).order_by("name")
        )
        # Substitute spends waiting for the person's decision (not their own: four eyes).
        summary["spends_to_decide"] = (
            SubstituteSpend.objects.visible_to(user)
            .filter(status=SubstituteSpend.Status.PROPOSED)
            .exclude(created_by=user)
            .count()
        )
    return summary
