"""A booking and its cancellation cost a fixed, small number of queries (issue 12 counts
them: 23 and 14 before). Speed itself is measured in the benchmark, not here."""

from __future__ import annotations

from django.db import connection
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
    # PostgreSQL also locks the person's row (SQLite's IMMEDIATE transaction serialises all).
    with django_assert_max_num_queries(17 if connection.vendor == "postgresql" else 16):
        response = client.post(reverse("tutoring:book", args=[slot.pk]), {"need": "Wilma"})
    assert response.status_code == 302
    with scopes_disabled():
        booking = Booking.objects.get(slot=slot, person=world.member)
    assert booking.status == Booking.Status.CONFIRMED
    with django_assert_max_num_queries(12):
        response = client.post(
            reverse("tutoring:booking_cancel", args=[booking.pk]), {"reason": "Sairastuin"}
        )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_a_cancellation_is_audited_with_who_cancelled_and_what_changed(client, world):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    slot = SlotFactory(tutor=world.tutor, organisation=world.school_a)
    client.force_login(world.member)
    client.post(reverse("tutoring:book", args=[slot.pk]), {"need": "Wilma"})
    with scopes_disabled():
        booking = Booking.objects.get(slot=slot, person=world.member)
    client.post(reverse("tutoring:booking_cancel", args=[booking.pk]), {"reason": "Sairastuin"})
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Booking),
        object_pk=str(booking.pk),
        action=LogEntry.Action.UPDATE,
    ).get()
    assert entry.actor == world.member
    assert entry.changes_dict["status"] == ["confirmed", "cancelled"]
    assert entry.changes_dict["cancel_reason"] == ["", "Sairastuin"]
