"""Who may decide on a booking that waits for approval: the time's tutor and the unit's
overseers; proposing another time is the tutor's alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.factories import BookingFactory, SlotFactory
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import Booking, Slot

URL_NAME = "tutoring:booking_decide"
APPROVE = {"decision": "approve"}


def url(booking: Booking) -> str:
    return reverse(URL_NAME, args=[booking.pk])


@pytest.mark.parametrize("role", ["tutor", "manager", "coordinator", "admin"])
def test_the_tutor_and_the_units_overseers_approve(client, world, pending_a, role):
    response = post_as(client, world, role, url(pending_a), APPROVE)
    assert response.status_code == 302
    booking = Booking._default_manager.get(pk=pending_a.pk)
    assert booking.status == Booking.Status.CONFIRMED
    assert Slot._default_manager.get(pk=pending_a.slot_id).booked == 1


def test_the_booker_sees_the_booking_but_may_not_decide_on_it(client, world, pending_a):
    response = post_changing_nothing(client, world, "member", url(pending_a), APPROVE)
    assert_refused(response, 403)


@pytest.mark.parametrize("role", ["coach", "nobody", "outsider"])
def test_others_do_not_find_the_booking(client, world, pending_a, role):
    response = post_changing_nothing(client, world, role, url(pending_a), APPROVE)
    assert_refused(response, 404)


def test_the_tutor_proposes_another_of_their_own_times(client, world, pending_a):
    later = SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        starts_at=pending_a.slot.starts_at + timedelta(hours=2),
        ends_at=pending_a.slot.ends_at + timedelta(hours=2),
    )
    data = {"decision": "propose", "proposed_slot": later.pk}
    response = post_as(client, world, "tutor", url(pending_a), data)
    assert response.status_code == 302
    assert Booking._default_manager.get(pk=pending_a.pk).proposed_slot == later


def test_the_tutor_cannot_propose_a_time_in_kemi(client, world, pending_a, slot_k):
    data = {"decision": "propose", "proposed_slot": slot_k.pk}
    response = post_changing_nothing(client, world, "tutor", url(pending_a), data)
    assert response.status_code == 400
    assert "proposed_slot" in response.context["form"].errors


def test_a_manager_cannot_propose_another_tutors_time(client, world, pending_a):
    later = SlotFactory(organisation=world.school_a, tutor=world.tutor)
    data = {"decision": "propose", "proposed_slot": later.pk}
    response = post_changing_nothing(client, world, "manager", url(pending_a), data)
    assert response.status_code == 400


def test_oulus_coordinator_does_not_find_a_booking_in_kemi(client, world, kemi_tutor):
    slot = SlotFactory(organisation=world.school_k, tutor=kemi_tutor, needs_approval=True)
    kemi_booking = BookingFactory(slot=slot, pending=True)
    response = post_changing_nothing(client, world, "coordinator", url(kemi_booking), APPROVE)
    assert_refused(response, 404)


def test_anonymous_is_sent_to_log_in(client, world, pending_a):
    response = post_changing_nothing(client, world, "anonymous", url(pending_a), APPROVE)
    assert_sent_to_login(response)
