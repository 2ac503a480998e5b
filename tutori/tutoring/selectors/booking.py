"""Reads of booking: the time to book and its topics, one's own bookings (with the place in
the waiting list), a booking to cancel or decide on, the decisions waiting for a tutor."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.tutoring.models import Booking, Slot, Topic


def slot_for_booking(*, user: User, pk: int) -> Slot | None:
    return (  # type: ignore[no-any-return]
        Slot.objects.visible_to(user)
        .select_related("tutor", "organisation")
        .prefetch_related("topics")
        .filter(pk=pk)
        .first()
    )


def slot_to_book(*, user: User, pk: int) -> Slot | None:
    """The time ``pk`` as a booking request needs it (the service reads the time again in
    its transaction): visible to the person, with its topics, no joins."""
    return (  # type: ignore[no-any-return]
        Slot.objects.visible_to(user).filter(pk=pk).order_by().prefetch_related("topics").first()
    )


def has_active_booking(*, user: User, slot: Slot) -> bool:
    """Whether ``user`` has booked ``slot`` (or waits for it or for approval)."""
    return bool(
        Booking.objects.visible_to(user)
        .filter(slot=slot, person=user, status__in=Booking.ACTIVE)
        .exists()
    )


def topics_for_slot(*, user: User, slot: Slot) -> list[Topic]:
    """The topics a booker may pick: the slot's own, else those its tutor offers."""
    listed = [t for t in slot.topics.all() if t.is_active]
    if listed:
        return listed
    return list(
        Topic.objects.visible_to(user)
        .filter(is_active=True, tutorprofile__user=slot.tutor_id)
        .distinct()
        .order_by("name")
    )


# Bookings that no longer hold or wait for a time: history, whenever their time is.
ENDED = (Booking.Status.CANCELLED, Booking.Status.DECLINED)


def my_bookings(*, user: User, past: bool = False) -> QuerySet[Booking]:
    """The person's upcoming bookings (confirmed, awaiting approval or in a waiting list),
    soonest first; with ``past`` their history: times gone by and cancelled or declined
    bookings, latest first. The place in a waiting list is added to the rows shown by
    ``with_waiting_positions``."""
    now = timezone.now()
    qs = Booking.objects.visible_to(user).filter(person=user)
    if past:
        qs = qs.filter(Q(slot__starts_at__lt=now) | Q(status__in=ENDED)).order_by(
            "-slot__starts_at", "-pk"
        )
    else:
        qs = qs.filter(slot__starts_at__gte=now, status__in=Booking.ACTIVE).order_by(
            "slot__starts_at", "pk"
        )
    return (  # type: ignore[no-any-return]
        qs.select_related(
            "slot__tutor", "slot__organisation", "topic", "proposed_slot", "proposed_slot__tutor"
        )
    )


def with_waiting_positions(bookings: Iterable[Booking]) -> list[Booking]:
    """``bookings`` with ``waiting_position`` (1 for the first in the queue; 0 when not
    waiting): one query, and only when one of them waits (most people never do)."""
    rows = list(bookings)
    waiting = [b for b in rows if b.status == Booking.Status.WAITING]
    for b in rows:
        b.waiting_position = 0  # type: ignore[attr-defined]
    if waiting:
        # Per time, the creation moments of everyone waiting: a place is the number of
        # those before (or at) one's own.
        with scopes_disabled():
            queued = Booking.objects.filter(
                slot_id__in={b.slot_id for b in waiting}, status=Booking.Status.WAITING
            ).values_list("slot_id", "created_at", "pk")
            by_slot: dict[int, list[tuple[Any, int]]] = {}
            for slot_id, created_at, pk in queued:
                by_slot.setdefault(slot_id, []).append((created_at, pk))
        for b in waiting:
            mine = (b.created_at, b.pk)
            b.waiting_position = sum(1 for q in by_slot.get(b.slot_id, []) if q <= mine)  # type: ignore[attr-defined]
    return rows


def _bookings_read(user: User) -> QuerySet[Booking]:
    return (  # type: ignore[no-any-return]
        Booking.objects.visible_to(user).select_related(
            "slot__tutor", "slot__organisation", "topic", "person", "proposed_slot"
        )
    )


def booking_for_person(*, user: User, pk: int) -> Booking | None:
    return _bookings_read(user).filter(pk=pk).first()


def booking_to_act_on(*, user: User, pk: int) -> Booking | None:
    """The booking ``pk``, if the person may see it, as a write needs it: the service reads it
    again under its row lock with everything its checks and mails need."""
    return (  # type: ignore[no-any-return]
        Booking.objects.visible_to(user)
        .filter(pk=pk)
        .order_by()
        .only("pk", "status", "person_id", "slot_id")
        .first()
    )


def own_booking(*, user: User, pk: int) -> Booking | None:
    """The user's own booking ``pk`` (None for anyone else's, even one they may see)."""
    return _bookings_read(user).filter(pk=pk, person=user).first()


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


# At most this many times are offered to propose: the nearest ones.
PROPOSABLE_SHOWN = 100


def proposable_slots(*, user: User, booking: Booking) -> list[Slot]:
    """The tutor's own times they may propose instead of ``booking``'s: free (open, not
    full, not past the booking deadline nor beyond the booking window where offered), which
    the booker may book and has not booked already; the same rule that
    ``services.booking.booking_propose`` checks (``proposal_refusal``)."""
    from tutori.tutoring.selectors.policy import policies_for
    from tutori.tutoring.services.booking import proposal_refusal

    now = timezone.now()
    already = (
        Booking.objects.visible_to(user)
        .filter(person_id=booking.person_id, status__in=Booking.ACTIVE)
        .values("slot_id")
    )
    candidates = list(
        Slot.objects.visible_to(user)
        .filter(tutor=user, status=Slot.Status.OPEN, starts_at__gt=now, booked__lt=F("capacity"))
        .exclude(pk=booking.slot_id)
        .exclude(pk__in=already)
        .select_related("organisation")
        .order_by("starts_at", "pk")[:PROPOSABLE_SHOWN]
    )
    policies = policies_for({s.organisation_id: s.organisation for s in candidates}.values())
    return [
        slot
        for slot in candidates
        if proposal_refusal(booking, slot, policies[slot.organisation_id], now) is None
    ]
