"""Capacity under concurrent requests: the database decides, losers get a clear refusal."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.factories import MembershipFactory, SlotFactory, UserFactory
from tutori.tutoring.models import Booking, Slot
from tutori.tutoring.services.booking import BookingRefused, booking_create


def _race(n: int, target) -> list[object]:  # type: ignore[no-untyped-def]
    """Run ``target(i)`` in ``n`` threads released at once; return what each returned/raised."""
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_fifty_racing_bookings_fill_three_places_and_refuse_the_rest(world):
    slot = SlotFactory(tutor=world.tutor, organisation=world.school_a, group=True)
    people = [UserFactory() for _ in range(50)]
    for person in people:
        MembershipFactory(user=person, organisation=world.school_a)

    results = _race(50, lambda i: booking_create(person=people[i], slot=slot))

    booked = [r for r in results if isinstance(r, Booking)]
    refusals = [r for r in results if isinstance(r, BookingRefused)]
    others = [r for r in results if not isinstance(r, (Booking, BookingRefused))]
    assert others == []
    assert len(booked) == 3
    assert len(refusals) == 47
    assert {r.code for r in refusals} == {"full"}
    slot = Slot.unscoped_objects.get(pk=slot.pk)
    assert slot.booked == 3
    assert Booking.unscoped_objects.filter(slot=slot, status="confirmed").count() == 3
