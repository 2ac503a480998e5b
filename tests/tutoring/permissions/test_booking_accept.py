"""Who may accept a time the tutor proposed instead: the booker alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.factories import BookingFactory, SlotFactory
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import Booking, Slot

URL_NAME = "tutoring:booking_accept"


@pytest.fixture
def proposed(world, slot_a):
    """The teacher's booking, for which the tutor proposed their other time two hours later."""
    other = SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        starts_at=slot_a.starts_at + timedelta(hours=2),
        ends_at=slot_a.ends_at + timedelta(hours=2),
    )
    return BookingFactory(slot=slot_a, person=world.member, proposed_slot=other)


def url(booking: Booking) -> str:
    return reverse(URL_NAME, args=[booking.pk])


def test_the_booker_moves_to_the_proposed_time(client, world, proposed):
    response = post_as(client, world, "member", url(proposed))
    assert response.status_code == 302
    old = Booking._default_manager.get(pk=proposed.pk)
    assert old.status == Booking.Status.CANCELLED
    moved = Booking._default_manager.get(slot=proposed.proposed_slot, person=world.member)
    assert moved.status == Booking.Status.CONFIRMED
    assert Slot._default_manager.get(pk=proposed.slot_id).booked == 0
    assert Slot._default_manager.get(pk=proposed.proposed_slot_id).booked == 1


@pytest.mark.parametrize(
    "role", ["tutor", "manager", "coordinator", "coach", "nobody", "outsider", "admin"]
)
def test_no_one_else_accepts_for_the_booker(client, world, proposed, role):
    response = post_changing_nothing(client, world, role, url(proposed))
    assert_refused(response, 404)


def test_a_proposal_of_a_time_in_kemi_moves_nothing(client, world, slot_a, slot_k):
    """The booker's own booking, but naming a time of another municipality."""
    booking = BookingFactory(slot=slot_a, person=world.member, proposed_slot=slot_k)
    response = post_changing_nothing(client, world, "member", url(booking))
    assert_refused(response, 403)


def test_anonymous_is_sent_to_log_in(client, world, proposed):
    response = post_changing_nothing(client, world, "anonymous", url(proposed))
    assert_sent_to_login(response)
