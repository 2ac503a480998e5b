"""The tutor's pages: profile, publishing times, decisions, cancelling and the log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import BookingFactory, MembershipFactory, SlotFactory, TopicFactory
from tutori.tutoring.models import Booking, Slot, SlotSeries, TutoringSession, TutorProfile


def _next_weekday(weekday: int) -> date:
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def test_tutor_publishes_a_time_that_teachers_then_see(client, world):
    day = timezone.localdate() + timedelta(days=3)
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:slot_new"),
        {
            "day": day.isoformat(),
            "start": "14:00",
            "end": "15:00",
            "organisation": world.school_a.pk,
            "mode": "group",
            "capacity": 4,
            "place": "on_site",
            "note": "Teams-klinikka",
        },
    )
    assert response.status_code == 302
    slot = Slot._default_manager.get(note="Teams-klinikka")
    assert slot.capacity == 4
    assert timezone.localtime(slot.starts_at).hour == 14
    client.force_login(world.member)
    assert "Teams-klinikka" in client.get(reverse("tutoring:catalogue")).content.decode()


def test_overlapping_time_is_refused_and_the_form_keeps_its_values(client, world):
    existing = SlotFactory(organisation=world.school_a, tutor=world.tutor)
    local = timezone.localtime(existing.starts_at)
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:slot_new"),
        {
            "day": local.date().isoformat(),
            "start": local.strftime("%H:%M"),
            "end": (local + timedelta(minutes=30)).strftime("%H:%M"),
            "organisation": world.school_a.pk,
            "mode": "individual",
            "capacity": 1,
            "place": "remote",
            "note": "Päällekkäin",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "päällekkäin" in html and 'value="Päällekkäin"' in html
    assert Slot._default_manager.count() == 1


def test_weekly_time_with_a_holiday_exception(client, world):
    first = _next_weekday(2)
    holiday = first + timedelta(days=14)
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:series_new"),
        {
            "weekday": 2,
            "start": "14:00",
            "duration_minutes": 90,
            "first_date": first.isoformat(),
            "until": (first + timedelta(days=28)).isoformat(),
            "exceptions": holiday.strftime("%d.%m.%Y"),
            "publish_on_days_off": "on",  # the count is about the typed exception
            "organisation": world.school_a.pk,
            "mode": "individual",
            "capacity": 1,
            "place": "on_site",
        },
    )
    assert response.status_code == 302
    series = SlotSeries._default_manager.get()
    starts = [timezone.localtime(s.starts_at) for s in series.slots.all()]
    assert len(starts) == 4
    assert holiday not in [s.date() for s in starts]
    assert {s.hour for s in starts} == {14}


def test_bad_exception_date_is_a_form_error(client, world):
    first = _next_weekday(2)
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:series_new"),
        {
            "weekday": 2,
            "start": "14:00",
            "duration_minutes": 60,
            "first_date": first.isoformat(),
            "until": (first + timedelta(days=28)).isoformat(),
            "exceptions": "joulu",
            "organisation": world.school_a.pk,
            "mode": "individual",
            "capacity": 1,
            "place": "on_site",
        },
    )
    assert response.status_code == 400
    assert "joulu" in response.content.decode()
    assert not Slot._default_manager.exists()


def test_coordinator_publishes_shared_time_for_the_municipality(client, world):
    second_tutor = MembershipFactory(organisation=world.school_b, tutor=True).user
    first = _next_weekday(2)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:shared_new"),
        {
            "organisation": world.oulu.pk,
            "tutors": [world.tutor.pk, second_tutor.pk],
            "weekday": 2,
            "start": "14:00",
            "duration_minutes": 120,
            "first_date": first.isoformat(),
            "until": (first + timedelta(days=7)).isoformat(),
            "mode": "group",
            "capacity": 5,
            "place": "remote",
            "note": "Kunnan tutoraika",
        },
    )
    assert response.status_code == 302
    shared = Slot._default_manager.filter(is_shared=True, organisation=world.oulu)
    assert shared.count() == 4
    teacher_b = MembershipFactory(organisation=world.school_b).user
    client.force_login(teacher_b)
    assert "Kunnan tutoraika" in client.get(reverse("tutoring:catalogue")).content.decode()


def test_tutor_approves_declines_and_proposes(client, world, django_capture_on_commit_callbacks):
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor, needs_approval=True)
    other = SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        starts_at=slot.starts_at + timedelta(days=1),
        ends_at=slot.ends_at + timedelta(days=1),
    )
    pending = BookingFactory(slot=slot, person=world.member, pending=True)
    client.force_login(world.tutor)
    url = reverse("tutoring:booking_decide", args=[pending.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == Booking.Status.CONFIRMED
    assert Slot._default_manager.get(pk=slot.pk).booked == 1

    response = client.post(url, {"decision": "decline"})
    assert response.status_code == 400  # a reason is needed

    client.post(url, {"decision": "propose", "proposed_slot": other.pk})
    pending.refresh_from_db()
    assert pending.proposed_slot_id == other.pk
    client.force_login(world.member)
    client.post(reverse("tutoring:booking_accept", args=[pending.pk]))
    moved = Booking._default_manager.get(person=world.member, slot=other)
    assert moved.status == Booking.Status.CONFIRMED
    assert Slot._default_manager.get(pk=slot.pk).booked == 0


def test_cancelling_a_time_cancels_its_bookings(client, world):
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor, group=True)
    BookingFactory(slot=slot, person=world.member)
    client.force_login(world.tutor)
    url = reverse("tutoring:slot_cancel", args=[slot.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "Sairastuin"})
    slot.refresh_from_db()
    assert slot.status == Slot.Status.CANCELLED
    assert Booking._default_manager.get(slot=slot).status == Booking.Status.CANCELLED


def test_member_of_the_school_cannot_cancel_the_tutors_time(client, world):
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor)
    client.force_login(world.member)
    assert (
        client.post(reverse("tutoring:slot_cancel", args=[slot.pk]), {"reason": "x"}).status_code
        == 403
    )
    slot.refresh_from_db()
    assert slot.status == Slot.Status.OPEN


def test_tutor_logs_unbooked_tutoring_and_a_booking_once(client, world):
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:log_new"),
        {
            "date": timezone.localdate().isoformat(),
            "duration_minutes": 20,
            "organisation": world.school_a.pk,
            "mode": "individual",
            "place": "on_site",
            "participant_count": 1,
            "note": "Kollega poikkesi",
        },
    )
    assert response.status_code == 302
    assert TutoringSession._default_manager.get().note == "Kollega poikkesi"

    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor, past=True)
    booking = BookingFactory(slot=slot, person=world.member)
    url = reverse("tutoring:log_new") + f"?booking={booking.pk}"
    form = client.get(url).content.decode()
    assert "Olli Opettaja" in form
    data = {
        "date": timezone.localtime(slot.starts_at).date().isoformat(),
        "duration_minutes": 60,
        "organisation": world.school_a.pk,
        "mode": "individual",
        "place": "on_site",
        "participant_count": 1,
    }
    assert client.post(url, data).status_code == 302
    session = TutoringSession._default_manager.get(booking=booking)
    assert list(session.participants.all()) == [world.member]
    again = client.post(url, data)
    assert again.status_code == 400 and "jo kirjattu" in again.content.decode()
    html = client.get(reverse("tutoring:log")).content.decode()
    assert "Kirjattu 2 kertaa" in html


def test_future_tutoring_cannot_be_logged(client, world):
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:log_new"),
        {
            "date": (timezone.localdate() + timedelta(days=5)).isoformat(),
            "duration_minutes": 20,
            "organisation": world.school_a.pk,
            "mode": "individual",
            "place": "on_site",
            "participant_count": 1,
        },
    )
    assert response.status_code == 400
    assert not TutoringSession._default_manager.exists()


def test_profile_topics_show_in_the_catalogue(client, world):
    topic = TopicFactory(organisation=world.oulu, name="Ohjelmointi")
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:profile"),
        {
            "description": "Scratch ja micro:bit",
            "languages": "suomi",
            "topics": [topic.pk],
            "schools": [world.school_a.pk, world.school_b.pk],
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    profile = TutorProfile._default_manager.get(user=world.tutor)
    assert list(profile.topics.all()) == [topic]
    assert profile.schools.count() == 2
    client.force_login(world.member)
    html = client.get(reverse("tutoring:catalogue")).content.decode()
    assert "Ohjelmointi" in html and "Tiina Tutor" in html


@pytest.mark.parametrize("n", [5, 300])
def test_availability_makes_a_constant_number_of_queries(
    client, world, n, django_assert_max_num_queries
):
    start = timezone.localtime().replace(hour=8, minute=0) - timedelta(
        days=timezone.localdate().weekday()
    )
    Slot._default_manager.bulk_create(
        [
            Slot(
                tutor=world.tutor,
                organisation=world.school_a,
                starts_at=start + timedelta(minutes=30 * i),
                ends_at=start + timedelta(minutes=30 * i + 20),
            )
            for i in range(n)
        ]
    )
    client.force_login(world.tutor)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("tutoring:availability")).status_code == 200
