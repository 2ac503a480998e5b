"""Who may decline a time the tutor proposed instead: the booker alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.factories import BookingFactory, SlotFactory
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import Booking

URL_NAME = "tutoring:booking_decline_proposal"


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


def test_the_booker_declines_and_keeps_the_booking(client, world, proposed):
    response = post_as(client, world, "member", url(proposed))
    assert response.status_code == 302
    booking = Booking._default_manager.get(pk=proposed.pk)
    assert booking.proposed_slot_id is None
    assert booking.status == Booking.Status.CONFIRMED and booking.slot_id == proposed.slot_id


@pytest.mark.parametrize(
    "role", ["tutor", "manager", "coordinator", "coach", "nobody", "outsider", "admin"]
)
def test_no_one_else_declines_for_the_booker(client, world, proposed, role):
    response = post_changing_nothing(client, world, role, url(proposed))
    assert_refused(response, 404)


def test_a_booking_in_kemi_is_not_found_by_oulus_teacher(client, world, slot_k, kemi_tutor):
    """Another municipality's booking with a proposal: Oulu's teacher does not reach it."""
    other = SlotFactory(organisation=world.school_k, tutor=kemi_tutor)
    booking = BookingFactory(slot=slot_k, proposed_slot=other)
    response = post_changing_nothing(client, world, "member", url(booking))
    assert_refused(response, 404)


def test_a_declined_booking_has_no_proposal_left_to_decline(client, world, proposed):
    Booking._default_manager.filter(pk=proposed.pk).update(status=Booking.Status.DECLINED)
    response = post_changing_nothing(client, world, "member", url(proposed))
    assert response.status_code == 302  # back to "Omat varaukset" with the refusal


def test_anonymous_is_sent_to_log_in(client, world, proposed):
    response = post_changing_nothing(client, world, "anonymous", url(proposed))
    assert_sent_to_login(response)
