"""Who may cancel a booking: the booker, the time's tutor and those who oversee its unit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import BookingFactory, MembershipFactory, SlotFactory
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import Booking, Slot

URL_NAME = "tutoring:booking_cancel"
BODY = {"reason": "Sairastuin"}


def url(booking: Booking) -> str:
    return reverse(URL_NAME, args=[booking.pk])


@pytest.mark.parametrize("role", ["member", "tutor", "manager", "coordinator", "admin"])
def test_the_booker_the_tutor_and_overseers_cancel(client, world, booking_a, role):
    response = post_as(client, world, role, url(booking_a), BODY)
    assert response.status_code == 302
    booking = Booking._default_manager.get(pk=booking_a.pk)
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancel_reason == "Sairastuin"
    assert Slot._default_manager.get(pk=booking_a.slot_id).booked == 0


@pytest.mark.parametrize("role", ["coach", "nobody", "outsider"])
def test_others_do_not_find_the_booking(client, world, booking_a, role):
    response = post_changing_nothing(client, world, role, url(booking_a), BODY)
    assert_refused(response, 404)


def test_a_teacher_does_not_find_a_colleagues_booking_of_the_same_time(client, world):
    group_time = SlotFactory(organisation=world.school_a, tutor=world.tutor, group=True)
    colleague = MembershipFactory(organisation=world.school_a).user
    BookingFactory(slot=group_time, person=world.member)
    theirs = BookingFactory(slot=group_time, person=colleague)
    response = post_changing_nothing(client, world, "member", url(theirs), BODY)
    assert_refused(response, 404)


def test_a_booking_in_kemi_is_not_found_by_oulus_coordinator(client, world, slot_k):
    kemi_booking = BookingFactory(slot=slot_k)
    response = post_changing_nothing(client, world, "coordinator", url(kemi_booking), BODY)
    assert_refused(response, 404)


def test_anonymous_is_sent_to_log_in(client, world, booking_a):
    response = post_changing_nothing(client, world, "anonymous", url(booking_a), BODY)
    assert_sent_to_login(response)
