"""Who may cancel a published time: its tutor and the coordinators above it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import Booking, Slot

URL_NAME = "tutoring:slot_cancel"
BODY = {"reason": "Koulutuspäivä"}


def url(slot: Slot) -> str:
    return reverse(URL_NAME, args=[slot.pk])


@pytest.mark.parametrize("role", ["tutor", "coordinator", "admin"])
def test_the_tutor_and_coordinators_cancel_the_time_and_its_bookings(
    client, world, booking_a, role
):
    response = post_as(client, world, role, url(booking_a.slot), BODY)
    assert response.status_code == 302
    assert Slot._default_manager.get(pk=booking_a.slot_id).status == Slot.Status.CANCELLED
    booking = Booking._default_manager.get(pk=booking_a.pk)
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancel_reason == "Koulutuspäivä"


@pytest.mark.parametrize("role", ["member", "coach", "manager"])
def test_people_of_koulu_a_who_see_the_time_may_not_cancel_it(client, world, booking_a, role):
    response = post_changing_nothing(client, world, role, url(booking_a.slot), BODY)
    assert_refused(response, 403)


@pytest.mark.parametrize("role", ["nobody", "outsider"])
def test_people_outside_oulu_do_not_find_the_time(client, world, booking_a, role):
    response = post_changing_nothing(client, world, role, url(booking_a.slot), BODY)
    assert_refused(response, 404)


def test_oulus_coordinator_does_not_find_a_time_in_kemi(client, world, slot_k):
    response = post_changing_nothing(client, world, "coordinator", url(slot_k), BODY)
    assert_refused(response, 404)


def test_anonymous_is_sent_to_log_in(client, world, booking_a):
    response = post_changing_nothing(client, world, "anonymous", url(booking_a.slot), BODY)
    assert_sent_to_login(response)
