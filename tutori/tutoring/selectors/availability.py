"""Reads of a tutor's times: where they may publish, their week of times with its bookings,
one time to cancel, their open times, and who tutors within an organisation (for the
municipality's shared time)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from tutori.accounts.models import User
from tutori.core.time import at_local
from tutori.orgs.models import Membership, Organisation
from tutori.tutoring import permissions
from tutori.tutoring.models import Booking, Slot, TutoringSession


def tutor_organisations(*, user: User) -> list[Organisation]:
    """Organisations where the user may publish times and log tutoring."""
    return list(Organisation.objects.visible_to(user, "tutoring.tutor").order_by("path"))


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


def own_week(*, user: User, monday: date) -> list[Slot]:
    """The tutor's own times in the week from ``monday``, with their bookings, whether the
    time has ``started``, whether it is ``logged`` as delivered, and ``to_log``: the confirmed
    booking through which a time that has ended is logged (None if there is nothing to log,
    or not yet)."""
    start = at_local(monday)
    bookings = (
        Booking.objects.visible_to(user)
        .filter(status__in=Booking.ACTIVE)
        .select_related("person", "topic")
        .order_by("created_at", "pk")
    )
    logged = TutoringSession.objects.visible_to(user).filter(slot_id=OuterRef("pk"))
    slots = list(
        Slot.objects.visible_to(user)
        .filter(tutor=user, starts_at__gte=start, starts_at__lt=start + timedelta(days=7))
        .select_related("organisation", "tutor")
        .annotate(logged=Exists(logged))
        .prefetch_related("topics", Prefetch("bookings", queryset=bookings, to_attr="active"))
        .order_by("starts_at")
    )
    now = timezone.now()
    for slot in slots:
        slot.started = slot.starts_at <= now  # type: ignore[attr-defined]
        ended = slot.ends_at <= now and slot.status == Slot.Status.OPEN
        confirmed = [b for b in slot.active if b.status == Booking.Status.CONFIRMED]  # type: ignore[attr-defined]
        slot.to_log = confirmed[0] if ended and confirmed and not slot.logged else None  # type: ignore[attr-defined]
    return slots


def slot_of(*, user: User, pk: int) -> Slot | None:
    return (  # type: ignore[no-any-return]
        Slot.objects.visible_to(user)
        .select_related("tutor", "organisation")
        .annotate(active_bookings=Count("bookings", filter=Q(bookings__status__in=Booking.ACTIVE)))
        .filter(pk=pk)
        .first()
    )
