"""Booking rules: capacity, waiting list, approval, limits, deadlines, overlaps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import BookingFactory, MembershipFactory, SlotFactory, UserFactory
from tutori.core.errors import PermissionDeniedError
from tutori.core.scoping import scopes_disabled
from tutori.tutoring.models import Booking, BookingPolicy, Slot
from tutori.tutoring.services.booking import (
    BookingRefused,
    booking_approve,
    booking_cancel,
    booking_create,
    booking_decline,
)


@pytest.fixture
def teachers(world):
    """Five more teachers of Koulu A."""
    people = [UserFactory(display_name=f"Opettaja {i}") for i in range(5)]
    for person in people:
        MembershipFactory(user=person, organisation=world.school_a)
    return people


def slot_in(world, **kwargs):  # type: ignore[no-untyped-def]
    return SlotFactory(tutor=world.tutor, organisation=world.school_a, **kwargs)


def refused(code, fn, **kwargs):  # type: ignore[no-untyped-def]
    with pytest.raises(BookingRefused) as info:
        fn(**kwargs)
    assert info.value.code == code
    return info.value


def test_a_teacher_books_a_free_individual_slot(world, django_capture_on_commit_callbacks):
    slot = slot_in(world)
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(person=world.member, slot=slot, need="Arviointi Wilmassa")
    slot.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert slot.booked == 1
    assert mail.outbox[0].to == [world.member.email]
    assert "Varaus vahvistettu" in mail.outbox[0].subject


def test_full_group_slot_refuses_the_fourth_booking(world, teachers):
    slot = slot_in(world, group=True)
    for person in teachers[:3]:
        booking_create(person=person, slot=slot)
    error = refused("full", booking_create, person=teachers[3], slot=slot)
    assert "jonoon" in str(error.message)
    slot.refresh_from_db()
    assert slot.booked == 3


def test_full_group_slot_offers_the_waiting_list(world, teachers):
    slot = slot_in(world, group=True)
    for person in teachers[:3]:
        booking_create(person=person, slot=slot)
    waiting = booking_create(person=teachers[3], slot=slot, join_waiting_list=True)
    assert waiting.status == Booking.Status.WAITING


def test_cancellation_promotes_exactly_the_first_waiting_person(
    world, teachers, django_capture_on_commit_callbacks
):
    slot = slot_in(world, group=True)
    confirmed = [booking_create(person=p, slot=slot) for p in teachers[:3]]
    first = booking_create(person=teachers[3], slot=slot, join_waiting_list=True)
    second = booking_create(person=teachers[4], slot=slot, join_waiting_list=True)
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=confirmed[0], by=teachers[0], reason="Sairastuin")
    first.refresh_from_db()
    second.refresh_from_db()
    slot.refresh_from_db()
    assert first.status == Booking.Status.CONFIRMED
    assert second.status == Booking.Status.WAITING
    assert slot.booked == 3
    assert any(m.to == [teachers[3].email] for m in mail.outbox)


def test_two_cancellations_promote_two_people_in_order(world, teachers):
    slot = slot_in(world, group=True)
    confirmed = [booking_create(person=p, slot=slot) for p in teachers[:3]]
    waiting = [booking_create(person=p, slot=slot, join_waiting_list=True) for p in teachers[3:]]
    booking_cancel(booking=confirmed[0], by=teachers[0], reason="Este")
    booking_cancel(booking=confirmed[1], by=teachers[1], reason="Este")
    assert [Booking._default_manager.get(pk=b.pk).status for b in waiting] == ["confirmed"] * 2
    slot.refresh_from_db()
    assert slot.booked == 3


def test_leaving_the_waiting_list_frees_no_seat(world, teachers):
    slot = slot_in(world, group=True)
    for p in teachers[:3]:
        booking_create(person=p, slot=slot)
    waiting = booking_create(person=teachers[3], slot=slot, join_waiting_list=True)
    booking_cancel(booking=waiting, by=teachers[3], reason="")
    slot.refresh_from_db()
    assert slot.booked == 3
    assert Booking._default_manager.get(pk=waiting.pk).status == Booking.Status.CANCELLED


def test_approval_slot_counts_only_approved_bookings(world, teachers):
    slot = slot_in(world, group=True, needs_approval=True, capacity=2)
    pending = [booking_create(person=p, slot=slot) for p in teachers[:3]]
    assert {b.status for b in pending} == {Booking.Status.PENDING}
    slot.refresh_from_db()
    assert slot.booked == 0
    booking_approve(booking=pending[0], by=world.tutor)
    booking_approve(booking=pending[1], by=world.tutor)
    refused("full", booking_approve, booking=pending[2], by=world.tutor)
    slot.refresh_from_db()
    assert slot.booked == 2


def test_only_the_tutor_or_an_overseer_approves(world, teachers):
    slot = slot_in(world, needs_approval=True)
    pending = booking_create(person=teachers[0], slot=slot)
    with pytest.raises(PermissionDeniedError):
        booking_approve(booking=pending, by=world.member)
    refused_one = Booking._default_manager.get(pk=pending.pk)
    assert refused_one.status == Booking.Status.PENDING and refused_one.decided_at is None
    assert Slot._default_manager.get(pk=slot.pk).booked == 0
    booking_approve(booking=pending, by=world.manager)  # the principal of Koulu A
    approved = Booking._default_manager.get(pk=pending.pk)
    assert approved.status == Booking.Status.CONFIRMED and approved.decided_at is not None
    assert Slot._default_manager.get(pk=slot.pk).booked == 1


def test_declining_a_confirmed_booking_frees_its_seat(world):
    slot = slot_in(world)
    booking = booking_create(person=world.member, slot=slot)
    booking_decline(booking=booking, by=world.tutor, reason="Olen koulutuksessa")
    slot.refresh_from_db()
    assert slot.booked == 0


def test_a_person_cannot_book_two_overlapping_slots(world):
    slot = slot_in(world)
    other_tutor = UserFactory()
    MembershipFactory(user=other_tutor, organisation=world.school_a, tutor=True)
    overlapping = SlotFactory(
        tutor=other_tutor,
        organisation=world.school_a,
        starts_at=slot.starts_at + timedelta(minutes=30),
        ends_at=slot.ends_at + timedelta(minutes=30),
    )
    booking_create(person=world.member, slot=slot)
    refused("overlap", booking_create, person=world.member, slot=overlapping)


def test_weekly_limit_refuses_with_its_own_message(world):
    BookingPolicy.objects.create(organisation=world.oulu, max_open_bookings_per_week=2)
    base = slot_in(world).starts_at
    slots = [
        slot_in(
            world,
            starts_at=base + timedelta(hours=2 * i),
            ends_at=base + timedelta(hours=2 * i, minutes=45),
        )
        for i in range(1, 4)
    ]
    booking_create(person=world.member, slot=slots[0])
    booking_create(person=world.member, slot=slots[1])
    error = refused("weekly_limit", booking_create, person=world.member, slot=slots[2])
    assert "enintään 2 avointa varausta viikossa" in str(error.message)


def test_booking_window_refuses_too_far_ahead(world):
    far = timezone.now() + timedelta(weeks=10)
    slot = slot_in(world, starts_at=far, ends_at=far + timedelta(hours=1))
    error = refused("booking_window", booking_create, person=world.member, slot=slot)
    assert "8 viikkoa" in str(error.message)


def test_booking_deadline_refuses_a_slot_about_to_start(world):
    soon = timezone.now() + timedelta(minutes=30)
    slot = slot_in(world, starts_at=soon, ends_at=soon + timedelta(hours=1))
    refused("booking_deadline", booking_create, person=world.member, slot=slot)


def test_late_cancellation_is_refused_but_the_tutor_may_still_cancel(world):
    slot = slot_in(world)
    booking = booking_create(person=world.member, slot=slot)
    late = slot.starts_at - timedelta(hours=1)
    refused(
        "cancellation_deadline",
        booking_cancel,
        booking=booking,
        by=world.member,
        reason="x",
        now=late,
    )
    still = Booking._default_manager.get(pk=booking.pk)
    assert still.status == Booking.Status.CONFIRMED and still.cancelled_at is None
    booking_cancel(booking=booking, by=world.tutor, reason="Sairastuin", now=late)
    cancelled = Booking._default_manager.get(pk=booking.pk)
    assert cancelled.status == Booking.Status.CANCELLED
    assert cancelled.cancelled_at == late
    assert cancelled.cancel_reason == "Sairastuin"
    assert Slot._default_manager.get(pk=slot.pk).booked == 0


def test_cancelling_needs_a_reason(world):
    booking = booking_create(person=world.member, slot=slot_in(world))
    refused("reason", booking_cancel, booking=booking, by=world.member, reason="  ")


def test_a_member_of_another_municipality_cannot_book_a_schools_slot(world):
    slot = slot_in(world)
    with pytest.raises(PermissionDeniedError):
        booking_create(person=world.outsider, slot=slot)
    assert not Slot.objects.visible_to(world.outsider).filter(pk=slot.pk).exists()


def test_shared_municipal_time_is_bookable_municipality_wide(world):
    teacher_b = UserFactory()
    MembershipFactory(user=teacher_b, organisation=world.school_b)
    shared = SlotFactory(tutor=world.tutor, organisation=world.oulu, is_shared=True, group=True)
    assert Slot.objects.visible_to(teacher_b).filter(pk=shared.pk).exists()
    assert booking_create(person=teacher_b, slot=shared).status == Booking.Status.CONFIRMED
    assert not Slot.objects.visible_to(world.outsider).filter(pk=shared.pk).exists()


def test_a_tutor_cannot_book_their_own_slot(world):
    refused("own_slot", booking_create, person=world.tutor, slot=slot_in(world))


def test_the_same_person_cannot_book_the_same_slot_twice(world):
    slot = slot_in(world, group=True)
    booking_create(person=world.member, slot=slot)
    refused("duplicate", booking_create, person=world.member, slot=slot)


def test_the_database_refuses_more_bookings_than_places(world):
    from django.db import IntegrityError, transaction

    slot = slot_in(world)
    BookingFactory(slot=slot, person=world.member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot._default_manager.filter(pk=slot.pk).update(booked=2)


def test_a_full_time_that_needs_approval_is_refused_not_left_pending(world, teachers):
    """A request for a full time that needs approval could never be approved: refused,
    also when the teacher asks for the waiting list."""
    slot = slot_in(world, group=True, requires_approval=True)
    for person in teachers[:3]:
        booking_approve(booking=booking_create(person=person, slot=slot), by=world.tutor)
    refused("full", booking_create, person=teachers[3], slot=slot, join_waiting_list=True)
    slot.refresh_from_db()
    assert slot.booked == 3
    with scopes_disabled():
        assert not Booking.objects.filter(person=teachers[3]).exists()
