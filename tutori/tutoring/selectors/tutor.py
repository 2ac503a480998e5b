"""Reads of the tutor's side: where they publish, their week of times, decisions and log."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.core.time import at_local
from tutori.orgs.models import Membership, Organisation, OrganisationKind, path_ids
from tutori.tutoring import permissions
from tutori.tutoring.models import Booking, Slot, Topic, TutoringSession, TutorProfile


def tutor_organisations(*, user: User) -> list[Organisation]:
    """Organisations where the user may publish times and log tutoring."""
    return list(Organisation.objects.visible_to(user, "tutoring.tutor").order_by("path"))


def loggable_organisations(*, user: User, booking: Booking | None = None) -> list[Organisation]:
    """Where the user may log tutoring: where they tutor, and the place of the booking logged
    (shared municipal time is offered in the municipality above the tutor's school)."""
    organisations = tutor_organisations(user=user)
    if booking is not None and booking.slot.organisation not in organisations:
        organisations.append(booking.slot.organisation)
    return organisations


def active_topics(*, user: User) -> list[Topic]:
    return list(Topic.objects.visible_to(user).filter(is_active=True).order_by("name"))


def schools_near(*, organisation: Organisation) -> list[Organisation]:
    """Schools and units of the municipality (the top of the tree) ``organisation`` is in."""
    root = f"/{path_ids(organisation.path)[0]}/"
    # The names of the municipality's schools are public to its tutors, who choose among
    # them the schools they serve; they do not reach those schools otherwise.
    with scopes_disabled():
        schools = Organisation.objects.all()
    return list(
        schools.filter(
            path__startswith=root,
            is_active=True,
            kind__in=[OrganisationKind.SCHOOL, OrganisationKind.UNIT, OrganisationKind.WORKSHOP],
        ).order_by("name")
    )


def tutors_within(*, user: User, organisation: Organisation) -> list[User]:
    """People who tutor in ``organisation`` or below it (for shared municipal time)."""
    ids = (
        Membership.objects.visible_to(user)
        .active()
        .filter(
            organisation__path__startswith=organisation.path,
            role__in=permissions.TUTOR_ROLES,
            organisation__is_active=True,
        )
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("display_name"))


def profile_of(*, user: User, organisation: Organisation) -> TutorProfile | None:
    return (  # type: ignore[no-any-return]
        TutorProfile.objects.visible_to(user)
        .filter(user=user, organisation=organisation)
        .prefetch_related("topics", "schools")
        .first()
    )


def own_week(*, user: User, monday: date) -> list[Slot]:
    """The tutor's own times in the week from ``monday``, with their bookings."""
    start = at_local(monday)
    bookings = (
        Booking.objects.visible_to(user)
        .filter(status__in=Booking.ACTIVE)
        .select_related("person", "topic")
    )
    return list(
        Slot.objects.visible_to(user)
        .filter(tutor=user, starts_at__gte=start, starts_at__lt=start + timedelta(days=7))
        .select_related("organisation", "tutor")
        .prefetch_related("topics", Prefetch("bookings", queryset=bookings, to_attr="active"))
        .order_by("starts_at")
    )


def pending_decisions(*, user: User) -> QuerySet[Booking]:
    return (  # type: ignore[no-any-return]
        Booking.objects.visible_to(user)
        .filter(
            slot__tutor=user,
            status=Booking.Status.PENDING,
            slot__starts_at__gte=timezone.now(),
        )
        .select_related("slot", "person", "topic")
        .order_by("slot__starts_at")
    )


def booking_for_tutor(*, user: User, pk: int) -> Booking | None:
    return (  # type: ignore[no-any-return]
        Booking.objects.visible_to(user)
        .select_related("slot__tutor", "slot__organisation", "person", "topic")
        .filter(pk=pk)
        .first()
    )


def slot_of(*, user: User, pk: int) -> Slot | None:
    return (  # type: ignore[no-any-return]
        Slot.objects.visible_to(user)
        .select_related("tutor", "organisation")
        .annotate(active_bookings=Count("bookings", filter=Q(bookings__status__in=Booking.ACTIVE)))
        .filter(pk=pk)
        .first()
    )


def open_own_slots(*, user: User, exclude: int | None = None) -> list[Slot]:
    qs = Slot.objects.visible_to(user).filter(
        tutor=user, status=Slot.Status.OPEN, starts_at__gte=timezone.now()
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return list(qs.order_by("starts_at")[:100])


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
