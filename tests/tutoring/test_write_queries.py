"""A booking and its cancellation cost a fixed, small number of queries (issue 12 counts
them: 23 and 14 before). Speed itself is measured in the benchmark, not here."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import SlotFactory
from tutori.core.scoping import scopes_disabled
from tutori.tutoring.models import Booking


def test_booking_and_cancelling_cost_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    slot = SlotFactory(tutor=world.tutor, organisation=world.school_a)
    client.force_login(world.member)
    client.get(reverse("tutoring:book", args=[slot.pk]))  # content types cached, as in a process
    with django_assert_max_num_queries(20):
        response = client.post(reverse("tutoring:book", args=[slot.pk]), {"need": "Wilma"})
    assert response.status_code == 302
    with scopes_disabled():
        booking = Booking.objects.get(slot=slot, person=world.member)
    assert booking.status == Booking.Status.CONFIRMED
    with django_assert_max_num_queries(13):
        response = client.post(
            reverse("tutoring:booking_cancel", args=[booking.pk]), {"reason": "Sairastuin"}
        )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
