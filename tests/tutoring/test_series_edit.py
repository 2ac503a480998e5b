"""A tutor changes one time of a weekly series, or this and the following times, and cancels
the rest of a series; the bookers keep what they agreed on and are told of cancellations."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import BookingFactory, SlotFactory, UserFactory
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.time import local, local_moment
from tutori.tutoring.models import Booking, Slot, SlotSeries
from tutori.tutoring.services import series as series_services
from tutori.tutoring.services.availability import series_create
from tutori.tutoring.services.series import FOLLOWING, ONE, series_cancel_rest, slot_edit


def _next(weekday: int, weeks: int = 1) -> date:
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)


def _series(world, weeks: int = 4, **extra) -> SlotSeries:  # type: ignore[no-untyped-def]
    """Koulu A's tutor's Tuesday group time 14–15, ``weeks`` times from next week."""
    first = _next(1)
    return series_create(
        by=world.tutor,
        organisation=world.school_a,
        weekday=1,
        start_time=time(14),
        duration_minutes=60,
        first_date=first,
        until=first + timedelta(weeks=weeks - 1),
        mode="group",
        capacity=3,
        skip_days_off=False,
        **extra,
    )


def _slots(series: SlotSeries) -> list[Slot]:
    return list(Slot._default_manager.filter(series=series).order_by("starts_at"))


def _clock(slot: Slot) -> str:
    return local(slot.starts_at).strftime("%H:%M") + "–" + local(slot.ends_at).strftime("%H:%M")


def _edit(world, slot: Slot, **changes):  # type: ignore[no-untyped-def]
    values = {
        "day": local(slot.starts_at).date(),
        "start": local(slot.starts_at).time(),
        "end": local(slot.ends_at).time(),
        "place": slot.place,
        "location": slot.location,
        "capacity": slot.capacity,
        **changes,
    }
    return slot_edit(by=world.tutor, slot=slot, **values)


# --- One occurrence -------------------------------------------------------------------------


def test_one_occurrence_moves_to_another_day_time_and_place(world):
    series = _series(world)
    second = _slots(series)[1]
    new_day = local(second.starts_at).date() + timedelta(days=1)
    _edit(
        world,
        second,
        day=new_day,
        start=time(9),
        end=time(10, 30),
        place="remote",
        location="Teams",
        capacity=5,
    )
    slots = _slots(series)
    assert [_clock(s) for s in slots] == [
        "14:00–15:00",
        "09:00–10:30",
        "14:00–15:00",
        "14:00–15:00",
    ]
    moved = slots[1]
    assert local(moved.starts_at).date() == new_day
    assert (moved.place, moved.location, moved.capacity) == ("remote", "Teams", 5)
    assert {s.capacity for s in slots if s.pk != moved.pk} == {3}


def test_a_booked_occurrence_keeps_its_time_and_place(world):
    series = _series(world)
    second = _slots(series)[1]
    BookingFactory(slot=second, person=world.member)
    with pytest.raises(ApplicationError) as info:
        _edit(world, second, start=time(15), end=time(16))
    assert "varauksia" in str(info.value.message)
    with pytest.raises(ApplicationError):
        _edit(world, second, place="remote")
    assert _clock(Slot._default_manager.get(pk=second.pk)) == "14:00–15:00"
    # The number of places may change: the booker keeps their place.
    _edit(world, second, capacity=6)
    assert Slot._default_manager.get(pk=second.pk).capacity == 6


def test_places_cannot_go_below_the_bookings(world):
    slot = _slots(_series(world))[0]
    for person in (world.member, world.coach, world.manager):
        BookingFactory(slot=slot, person=person)
    with pytest.raises(ApplicationError) as info:
        _edit(world, slot, capacity=2)
    assert "vähemmän kuin varauksia" in str(info.value.message)
    assert Slot._default_manager.get(pk=slot.pk).capacity == 3


def test_the_database_update_decides_the_places_not_a_read_before_it(world, monkeypatch):
    """Bookings that land between the service's reads and its write still count: the UPDATE
    changes the places only WHERE booked <= the new number."""
    slot = _slots(_series(world))[0]
    original = series_services._overlaps

    def bookings_arrive(*args, **kwargs):  # type: ignore[no-untyped-def]
        Slot._default_manager.filter(pk=slot.pk).update(booked=3)
        return original(*args, **kwargs)

    monkeypatch.setattr(series_services, "_overlaps", bookings_arrive)
    with pytest.raises(ApplicationError):
        _edit(world, slot, capacity=2)
    assert Slot._default_manager.get(pk=slot.pk).capacity == 3


def test_more_places_go_to_the_waiting_list_first_come_first_served(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    slot = _slots(_series(world))[0]
    for person in (world.member, world.coach, world.manager):
        BookingFactory(slot=slot, person=person)
    first, second = UserFactory(), UserFactory()
    early = BookingFactory(slot=slot, person=first, waiting=True)
    late = BookingFactory(slot=slot, person=second, waiting=True)
    with django_capture_on_commit_callbacks(execute=True):
        _edit(world, slot, capacity=4)
    assert Booking._default_manager.get(pk=early.pk).status == Booking.Status.CONFIRMED
    assert Booking._default_manager.get(pk=late.pk).status == Booking.Status.WAITING
    assert Slot._default_manager.get(pk=slot.pk).booked == 4
    assert first.email in {address for m in mailoutbox for address in m.to}


def test_moving_onto_another_own_time_is_refused(world):
    slot = _slots(_series(world))[0]
    day = local(slot.starts_at).date()
    SlotFactory(
        tutor=world.tutor,
        organisation=world.school_a,
        starts_at=local_moment(day, time(16)),
        ends_at=local_moment(day, time(17)),
    )
    with pytest.raises(ApplicationError) as info:
        _edit(world, slot, start=time(15, 30), end=time(16, 30))
    assert "päällekkäin" in str(info.value.message)


def test_a_time_that_has_begun_or_was_cancelled_is_not_changed(world):
    slot = _slots(_series(world))[0]
    with pytest.raises(ApplicationError):
        slot_edit(
            by=world.tutor,
            slot=slot,
            day=local(slot.starts_at).date(),
            start=time(15),
            end=time(16),
            place=slot.place,
            capacity=3,
            now=slot.starts_at + timedelta(minutes=1),
        )
    Slot._default_manager.filter(pk=slot.pk).update(status=Slot.Status.CANCELLED)
    with pytest.raises(ApplicationError):
        _edit(world, slot, start=time(15), end=time(16))


def test_someone_elses_time_is_not_changed(world):
    slot = _slots(_series(world))[0]
    with pytest.raises(PermissionDeniedError):
        slot_edit(
            by=world.member,
            slot=slot,
            day=local(slot.starts_at).date(),
            start=time(15),
            end=time(16),
            place=slot.place,
        )


# --- This and the following ----------------------------------------------------------------


def test_this_and_the_following_move_and_the_series_continues_as_a_new_one(world):
    series = _series(world)
    slots = _slots(series)
    change = _edit(world, slots[1], start=time(14, 30), end=time(15, 45), scope=FOLLOWING)
    after = _slots(series)
    assert [_clock(s) for s in after] == ["14:00–15:00"]
    following = change.series
    assert following is not None and following.pk != series.pk
    assert [_clock(s) for s in _slots(following)] == ["14:30–15:45"] * 3
    series.refresh_from_db()
    assert series.until < local(slots[1].starts_at).date() <= following.first_date
    assert (following.start_time, following.duration_minutes) == (time(14, 30), 75)
    assert change.changed == 3


def test_from_the_first_time_the_series_itself_changes(world):
    series = _series(world)
    change = _edit(world, _slots(series)[0], start=time(12), end=time(13), scope=FOLLOWING)
    assert change.series == series
    series.refresh_from_db()
    assert (series.start_time, series.duration_minutes) == (time(12), 60)
    assert {_clock(s) for s in _slots(series)} == {"12:00–13:00"}


def test_booked_following_times_keep_their_time_and_are_named(world):
    series = _series(world)
    slots = _slots(series)
    BookingFactory(slot=slots[2], person=world.member)
    change = _edit(world, slots[1], start=time(15), end=time(16), place="remote", scope=FOLLOWING)
    assert [s.pk for s in change.kept] == [slots[2].pk]
    clocks = {s.pk: _clock(s) for s in Slot._default_manager.filter(pk__in=[s.pk for s in slots])}
    assert clocks == {
        slots[0].pk: "14:00–15:00",
        slots[1].pk: "15:00–16:00",
        slots[2].pk: "14:00–15:00",
        slots[3].pk: "15:00–16:00",
    }
    assert Slot._default_manager.get(pk=slots[2].pk).place == "on_site"


def test_the_day_changes_only_for_one_time(world):
    slot = _slots(_series(world))[1]
    with pytest.raises(ApplicationError) as info:
        _edit(world, slot, day=local(slot.starts_at).date() + timedelta(days=1), scope=FOLLOWING)
    assert "Päivää voi muuttaa vain yhdeltä kerralta" in str(info.value.message)


def test_places_for_the_following_times_are_all_or_none(world):
    series = _series(world)
    slots = _slots(series)
    for person in (world.member, world.coach, world.manager):
        BookingFactory(slot=slots[3], person=person)
    with pytest.raises(ApplicationError) as info:
        _edit(world, slots[1], capacity=2, scope=FOLLOWING)
    assert local(slots[3].starts_at).strftime("%-d.%-m.%Y") in str(info.value.message)
    assert {s.capacity for s in _slots(series)} == {3}


def test_following_times_across_the_autumn_change_keep_the_new_clock_time(world):
    today = timezone.localdate()
    autumn = next(
        d
        for year in (today.year, today.year + 1)
        for d in (date(year, 10, 31) - timedelta(days=n) for n in range(7))
        if d.weekday() == 6 and d > today + timedelta(days=14)
    )
    first = autumn - timedelta(days=12)  # a Tuesday two weeks before the change
    series = series_create(
        by=world.tutor,
        organisation=world.school_a,
        weekday=1,
        start_time=time(14),
        duration_minutes=60,
        first_date=first,
        until=first + timedelta(weeks=3),
        skip_days_off=False,
    )
    _edit(world, _slots(series)[0], start=time(8, 15), end=time(9), scope=FOLLOWING)
    slots = _slots(series)
    assert {_clock(s) for s in slots} == {"08:15–09:00"}
    assert [s.starts_at.hour for s in slots] == [5, 5, 6, 6]  # UTC: summer time, then not


# --- Cancelling the rest ---------------------------------------------------------------------


def test_cancelling_the_rest_tells_each_booker_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    series = _series(world)
    slots = _slots(series)
    for slot in slots:
        BookingFactory(slot=slot, person=world.member)
    BookingFactory(slot=slots[3], person=world.coach)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = series_cancel_rest(
            by=world.tutor, series=series, from_slot=slots[1], reason="Koulutusjakso"
        )
    assert [s.pk for s in cancelled] == [s.pk for s in slots[1:]]
    statuses = [s.status for s in _slots(series)]
    assert statuses == ["open", "cancelled", "cancelled", "cancelled"]
    left = Booking._default_manager.filter(status=Booking.Status.CONFIRMED)
    assert [b.slot_id for b in left] == [slots[0].pk]
    assert sorted(address for m in mailoutbox for address in m.to) == sorted(
        [world.member.email, world.coach.email]
    )
    assert all("Koulutusjakso" in m.body for m in mailoutbox)


def test_cancelling_needs_a_reason_and_times_to_come(world):
    series = _series(world)
    with pytest.raises(ApplicationError):
        series_cancel_rest(by=world.tutor, series=series, reason=" ")
    series_cancel_rest(by=world.tutor, series=series, reason="Sairausloma")
    with pytest.raises(ApplicationError):
        series_cancel_rest(by=world.tutor, series=series, reason="Sairausloma")


def test_another_tutor_cannot_cancel_the_series(world):
    series = _series(world)
    with pytest.raises(PermissionDeniedError):
        series_cancel_rest(by=world.member, series=series, reason="Ei")
    assert {s.status for s in _slots(series)} == {"open"}


# --- Pages ------------------------------------------------------------------------------------


def test_the_series_page_lists_its_times_with_links_to_change_them(
    client, world, django_assert_max_num_queries
):
    series = _series(world, weeks=10)
    BookingFactory(slot=_slots(series)[0], person=world.member)
    client.force_login(world.tutor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("tutoring:series", args=[series.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(reverse("tutoring:slot_edit", args=[_slots(series)[3].pk])) == 1
    assert reverse("tutoring:series_cancel", args=[series.pk]) in html


def test_the_edit_page_changes_the_following_times(client, world):
    series = _series(world)
    second = _slots(series)[1]
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:slot_edit", args=[second.pk]),
        {
            "scope": FOLLOWING,
            "day": local(second.starts_at).date().isoformat(),
            "start": "14:15",
            "end": "15:15",
            "place": "on_site",
            "location": "Luokka 12",
            "capacity": 4,
        },
        follow=True,
    )
    assert "3 aikaa muutettu." in response.content.decode()
    assert [(_clock(s), s.capacity) for s in Slot._default_manager.order_by("starts_at")] == [
        ("14:00–15:00", 3),
        ("14:15–15:15", 4),
        ("14:15–15:15", 4),
        ("14:15–15:15", 4),
    ]


def test_the_edit_page_says_why_a_booked_time_keeps_its_time(client, world):
    slot = _slots(_series(world))[0]
    BookingFactory(slot=slot, person=world.member)
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:slot_edit", args=[slot.pk]),
        {
            "scope": ONE,
            "day": local(slot.starts_at).date().isoformat(),
            "start": "16:00",
            "end": "17:00",
            "place": "on_site",
            "location": "",
            "capacity": 3,
        },
    )
    assert response.status_code == 400
    assert "Ehdota varaajille toista aikaa" in response.content.decode()
    assert 'value="16:00"' in response.content.decode()  # what was typed is kept


def test_cancelling_the_rest_on_the_page(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    series = _series(world)
    slots = _slots(series)
    BookingFactory(slot=slots[2], person=world.member)
    client.force_login(world.tutor)
    page = client.get(reverse("tutoring:series_cancel", args=[series.pk]) + f"?from={slots[2].pk}")
    assert f'value="{slots[2].pk}" selected' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("tutoring:series_cancel", args=[series.pk]),
            {"from_slot": slots[2].pk, "reason": "Muutto toiseen kouluun"},
            follow=True,
        )
    assert "2 aikaa peruttu. Varanneille lähti viesti." in response.content.decode()
    assert [s.status for s in _slots(series)] == ["open", "open", "cancelled", "cancelled"]
    assert [m.to for m in mailoutbox] == [[world.member.email]]
