"""Publishing availability: recurrence in Helsinki time across DST, overlaps, permissions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.factories import MembershipFactory, SlotFactory, UserFactory
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.time import HELSINKI
from tutori.tutoring.models import Slot, SlotSeries
from tutori.tutoring.services.availability import occurrences, series_create, slot_create


def test_weekly_time_stays_at_local_time_across_the_spring_change():
    spans = occurrences(
        weekday=2,  # Wednesday
        start_time=time(14, 0),
        duration_minutes=90,
        first_date=date(2027, 3, 17),
        until=date(2027, 4, 7),
    )
    local = [s.astimezone(HELSINKI) for s, _e in spans]
    assert [d.date() for d in local] == [
        date(2027, 3, 17),
        date(2027, 3, 24),
        date(2027, 3, 31),
        date(2027, 4, 7),
    ]
    assert {(d.hour, d.minute) for d in local} == {(14, 0)}
    utc_hours = [s.astimezone(UTC).hour for s, _e in spans]
    assert utc_hours == [12, 12, 11, 11]  # EET (+2) before 28 March, EEST (+3) after
    assert all(e - s == timedelta(minutes=90) for s, e in spans)


def test_weekly_time_stays_at_local_time_across_the_autumn_change():
    spans = occurrences(
        weekday=0,
        start_time=time(8, 15),
        duration_minutes=45,
        first_date=date(2027, 10, 18),
        until=date(2027, 11, 1),
    )
    # Summer time ends on 31 October 2027: 08:15 EEST is 05:15 UTC, 08:15 EET is 06:15 UTC.
    assert [s.astimezone(UTC).hour for s, _e in spans] == [5, 5, 6]
    assert {s.astimezone(HELSINKI).strftime("%H:%M") for s, _e in spans} == {"08:15"}


def test_exception_dates_are_skipped():
    spans = occurrences(
        weekday=2,
        start_time=time(14, 0),
        duration_minutes=60,
        first_date=date(2027, 2, 3),
        until=date(2027, 3, 3),
        exceptions=[date(2027, 2, 24)],  # winter holiday week
    )
    assert date(2027, 2, 24) not in [s.astimezone(HELSINKI).date() for s, _e in spans]
    assert len(spans) == 4


def _future_monday(weeks: int = 1) -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 * weeks - today.weekday())


def test_a_tutor_publishes_a_term_of_weekly_times(world):
    first = _future_monday()
    series = series_create(
        by=world.tutor,
        organisation=world.school_a,
        weekday=first.weekday(),
        start_time=time(14, 0),
        duration_minutes=60,
        first_date=first,
        until=first + timedelta(weeks=9),
        exceptions=[first + timedelta(weeks=1)],
        skip_days_off=False,  # the count is about the exception (holidays: test_days_off.py)
    )
    slots = Slot._default_manager.filter(series=series)
    assert slots.count() == 9
    assert all(s.starts_at.astimezone(HELSINKI).hour == 14 for s in slots)


def test_a_weekly_time_that_overlaps_changes_nothing_and_names_the_dates(world):
    first = _future_monday()
    clash_start = timezone.make_aware(
        timezone.datetime.combine(first + timedelta(weeks=2), time(14, 30)), HELSINKI
    )
    SlotFactory(
        tutor=world.tutor,
        organisation=world.school_a,
        starts_at=clash_start,
        ends_at=clash_start + timedelta(hours=1),
    )
    with pytest.raises(ApplicationError) as info:
        series_create(
            by=world.tutor,
            organisation=world.school_a,
            weekday=first.weekday(),
            start_time=time(14, 0),
            duration_minutes=60,
            first_date=first,
            until=first + timedelta(weeks=4),
            skip_days_off=False,
        )
    assert (first + timedelta(weeks=2)).strftime("%-d.%-m.%Y") in str(info.value.message)
    assert not SlotSeries._default_manager.exists()
    assert Slot._default_manager.count() == 1


def test_a_tutor_cannot_publish_overlapping_one_off_slots(world):
    start = timezone.now() + timedelta(days=3)
    slot_create(
        by=world.tutor,
        organisation=world.school_a,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    with pytest.raises(ApplicationError):
        slot_create(
            by=world.tutor,
            organisation=world.school_a,
            starts_at=start + timedelta(minutes=59),
            ends_at=start + timedelta(hours=2),
        )


def test_individual_slots_have_one_place_and_groups_at_least_two(world):
    start = timezone.now() + timedelta(days=3)
    slot = slot_create(
        by=world.tutor,
        organisation=world.school_a,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        capacity=5,
    )
    assert slot.capacity == 1
    with pytest.raises(ApplicationError):
        slot_create(
            by=world.tutor,
            organisation=world.school_a,
            starts_at=start + timedelta(hours=2),
            ends_at=start + timedelta(hours=3),
            mode="group",
            capacity=1,
        )


def test_only_tutors_publish_and_only_coordinators_publish_shared_time(world):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(PermissionDeniedError):
        slot_create(
            by=world.member,
            organisation=world.school_a,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
    with pytest.raises(PermissionDeniedError):
        slot_create(
            by=world.tutor,
            organisation=world.oulu,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            is_shared=True,
        )
    municipal_tutor = UserFactory()
    MembershipFactory(user=municipal_tutor, organisation=world.oulu, tutor=True)
    shared = slot_create(
        by=world.coordinator,
        tutor=municipal_tutor,
        organisation=world.oulu,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        is_shared=True,
        mode="group",
        capacity=8,
    )
    assert shared.tutor == municipal_tutor and shared.is_shared


def test_shared_time_for_several_tutors_is_published_all_or_none(world):
    from tutori.tutoring.services.availability import shared_time_create

    second = MembershipFactory(organisation=world.school_b, tutor=True).user
    today = timezone.localdate()
    first = today + timedelta(days=(2 - today.weekday()) % 7 or 7)
    busy = SlotFactory(
        tutor=second,
        organisation=world.school_b,
        starts_at=timezone.make_aware(datetime.combine(first, time(14, 30))),
        ends_at=timezone.make_aware(datetime.combine(first, time(15, 0))),
    )
    series = {
        "weekday": 2,
        "start_time": time(14),
        "duration_minutes": 120,
        "first_date": first,
        "until": first + timedelta(days=7),
        "skip_days_off": False,
    }
    with pytest.raises(ApplicationError):
        shared_time_create(
            by=world.coordinator, organisation=world.oulu, tutors=[world.tutor, second], **series
        )
    assert list(Slot._default_manager.all()) == [busy]
    count = shared_time_create(
        by=world.coordinator, organisation=world.oulu, tutors=[world.tutor], **series
    )
    assert count == 2
    assert Slot._default_manager.filter(is_shared=True, organisation=world.oulu).count() == 2
