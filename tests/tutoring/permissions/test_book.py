"""Who may book a tutor's time: people of the organisation it is offered in (or below it)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory
from tests.writes import (
    assert_refused,
    assert_sent_to_login,
    nothing_changes,
    post_as,
    post_changing_nothing,
)
from tutori.tutoring.models import Booking, Slot

URL_NAME = "tutoring:book"
BODY = {"topic": "", "need": "Arviointi Wilmassa"}


def url(slot: Slot) -> str:
    return reverse(URL_NAME, args=[slot.pk])


@pytest.mark.parametrize("role", ["member", "coach", "manager", "admin"])
def test_a_person_of_koulu_a_books_its_tutors_time(client, world, slot_a, role):
    response = post_as(client, world, role, url(slot_a), BODY)
    assert response.status_code == 302
    booking = Booking._default_manager.get(slot=slot_a, person=world.by_role(role))
    assert response["Location"] == f"{reverse('tutoring:my_bookings')}?made={booking.pk}"
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.need == "Arviointi Wilmassa"
    assert Slot._default_manager.get(pk=slot_a.pk).booked == 1


def test_the_tutor_cannot_book_their_own_time(client, world, slot_a):
    response = post_changing_nothing(client, world, "tutor", url(slot_a), BODY)
    assert response.status_code == 409


def test_oulus_coordinator_oversees_the_time_but_booking_it_changes_nothing(client, world, slot_a):
    response = post_changing_nothing(client, world, "coordinator", url(slot_a), BODY)
    assert response.status_code in (403, 409)


def test_oulus_coordinator_who_may_not_book_is_answered_403(client, world, slot_a):
    response = post_changing_nothing(client, world, "coordinator", url(slot_a), BODY)
    assert_refused(response, 403)


@pytest.mark.parametrize("role", ["nobody", "outsider"])
def test_people_outside_oulu_do_not_find_koulu_as_time(client, world, slot_a, role):
    response = post_changing_nothing(client, world, role, url(slot_a), BODY)
    assert_refused(response, 404)


def test_a_teacher_of_koulu_b_does_not_find_koulu_as_own_time(client, world, slot_a):
    """Koulu B is in Oulu too, but a school's own times are for its own people."""
    client.force_login(MembershipFactory(organisation=world.school_b).user)
    with nothing_changes():
        response = client.post(url(slot_a), BODY)
    assert_refused(response, 404)


def test_a_teacher_of_koulu_a_does_not_find_a_time_offered_in_kemi(client, world, slot_k):
    response = post_changing_nothing(client, world, "member", url(slot_k), BODY)
    assert_refused(response, 404)


def test_naming_another_municipalitys_topic_books_nothing(client, world, slot_a, topic_k):
    response = post_changing_nothing(
        client, world, "member", url(slot_a), {**BODY, "topic": topic_k.pk}
    )
    assert response.status_code == 400
    assert "topic" in response.context["form"].errors


def test_anonymous_is_sent_to_log_in(client, world, slot_a):
    response = post_changing_nothing(client, world, "anonymous", url(slot_a), BODY)
    assert_sent_to_login(response)
