"""Reads of the tutoring log: where a tutor may log, the booking they log, their log and its
totals."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum

from tutori.accounts.models import User
from tutori.orgs.models import Organisation
from tutori.tutoring.models import Booking, TutoringSession
from tutori.tutoring.selectors.availability import tutor_organisations


def loggable_organisations(*, user: User, booking: Booking | None = None) -> list[Organisation]:
    """Where the user may log tutoring: where they tutor, and the place of the booking logged
    (shared municipal time is offered in the municipality above the tutor's school)."""
    organisations = tutor_organisations(user=user)
    if booking is not None and booking.slot.organisation not in organisations:
        organisations.append(booking.slot.organisation)
    return organisations


def own_log(*, user: User) -> QuerySet[TutoringSession]:
    return (  # type: ignore[no-any-return]
        TutoringSession.objects.visible_to(user)
        .filter(tutor=user)
        .select_related("organisation", "topic")
        .order_by("-date", "-pk")
    )


def log_totals(*, user: User) -> dict[str, Any]:
    totals = own_log(user=user).aggregate(
        minutes=Sum("duration_minutes"), people=Sum("participant_count"), count=Count("pk")
    )
    return {
        "hours": round((totals["minutes"] or 0) / 60, 1),
        "people": totals["people"] or 0,
        "count": totals["count"] or 0,
    }


def loggable_booking(*, user: User, pk: int | None) -> Booking | None:
    """The tutor's own past booking to log, or None."""
    if pk is None:
        return None
    return (  # type: ignore[no-any-return]
        Booking.objects.visible_to(user)
        .filter(pk=pk, slot__tutor=user)
        .select_related("slot__organisation", "topic")
        .first()
    )
