"""Times typed on the nights the clocks change: a clock time that does not exist that night is
refused with a message, an hour that happens twice is read as the first (summer time), and a
time lasts what was typed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tutori.core.errors import ApplicationError
from tutori.core.time import HELSINKI
from tutori.tutoring.models import Slot, SlotSeries
from tutori.tutoring.services.availability import occurrences, series_create, slot_create


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def _next_change(month: int) -> date:
    """The next night the clocks change in Finland: the last Sunday of March (to summer
    time, 03:00 → 04:00) or of October (back, 04:00 → 03:00), at least a week ahead."""
    today = timezone.localdate()
    return next(
        day
        for year in (today.year, today.year + 1)
        if (day := _last_sunday(year, month)) > today + timedelta(days=7)
    )


@pytest.fixture
def spring() -> date:
    return _next_change(3)


@pytest.fixture
def autumn() -> date:
    return _next_change(10)


def _slot_post(client, world, day: date, start: str, end: str):
    client.force_login(world.tutor)
    return client.post(
        reverse("tutoring:slot_new"),
        {
            "day": day.isoformat(),
            "start": start,
            "end": end,
            "organisation": world.school_a.pk,
            "mode": "individual",
            "capacity": 1,
            "place": "on_site",
        },
    )


def _series_post(client, world, first: date, start: str, minutes: int, exceptions: str = ""):
    client.force_login(world.tutor)
    return client.post(
        reverse("tutoring:series_new"),
        {
            "weekday": first.weekday(),
            "start": start,
            "duration_minutes": minutes,
            "first_date": (first - timedelta(days=7)).isoformat(),
            "until": (first + timedelta(days=7)).isoformat(),
            "exceptions": exceptions,
            # About the clock, not holidays: Easter Sunday 2027 is the spring change night.
            "publish_on_days_off": "on",
            "organisation": world.school_a.pk,
            "mode": "individual",
            "capacity": 1,
            "place": "on_site",
        },
    )


def test_the_test_dates_are_the_nights_the_clocks_change(spring, autumn):
    before, after = (datetime.combine(spring, time(h), tzinfo=HELSINKI) for h in (2, 5))
    assert before.utcoffset() == timedelta(hours=2) and after.utcoffset() == timedelta(hours=3)
    before, after = (datetime.combine(autumn, time(h), tzinfo=HELSINKI) for h in (2, 5))
    assert before.utcoffset() == timedelta(hours=3) and after.utcoffset() == timedelta(hours=2)


def test_a_one_off_time_inside_the_spring_gap_is_refused_with_a_message(client, world, spring):
    response = _slot_post(client, world, spring, "03:30", "04:10")
    assert response.status_code == 400
    assert "Kello 3.30 ei ole olemassa" in response.content.decode()
    assert not Slot._default_manager.exists()


def test_a_one_off_time_starting_at_the_missing_hour_is_refused(client, world, spring):
    response = _slot_post(client, world, spring, "03:00", "04:30")
    assert response.status_code == 400
    assert "Kello 3.00 ei ole olemassa" in response.content.decode()
    assert not Slot._default_manager.exists()


def test_a_one_off_time_across_the_spring_change_is_refused(client, world, spring):
    # 02:30–04:30 would last one hour that night, not the two hours the clock says.
    response = _slot_post(client, world, spring, "02:30", "04:30")
    assert response.status_code == 400
    assert "Kellot siirtyvät" in response.content.decode()
    assert not Slot._default_manager.exists()


def test_a_one_off_time_across_the_autumn_change_is_refused_not_stored_longer(
    client, world, autumn
):
    response = _slot_post(client, world, autumn, "03:10", "04:05")
    assert response.status_code == 400
    assert "Kellot siirtyvät" in response.content.decode()
    assert not Slot._default_manager.exists()


def test_a_time_in_the_repeated_autumn_hour_is_the_first_one_summer_time(client, world, autumn):
    response = _slot_post(client, world, autumn, "03:10", "03:40")
    assert response.status_code == 302
    slot = Slot._default_manager.get()
    assert slot.starts_at == datetime.combine(autumn, time(0, 10), tzinfo=UTC)
    assert slot.ends_at - slot.starts_at == timedelta(minutes=30)


def test_times_next_to_the_changes_keep_their_clock_times(client, world, spring, autumn):
    assert _slot_post(client, world, spring, "04:00", "05:00").status_code == 302
    assert _slot_post(client, world, autumn, "04:00", "05:00").status_code == 302
    spans = {
        (timezone.localtime(s.starts_at), s.ends_at - s.starts_at)
        for s in Slot._default_manager.all()
    }
    assert {(start.strftime("%H:%M"), length) for start, length in spans} == {
        ("04:00", timedelta(hours=1))
    }


def test_a_weekly_time_that_falls_in_the_spring_gap_names_the_day(client, world, spring):
    response = _series_post(client, world, spring, "03:30", 40)
    assert response.status_code == 400
    html = response.content.decode()
    assert f"{spring.day}.{spring.month}.{spring.year}" in html
    assert not Slot._default_manager.exists() and not SlotSeries._default_manager.exists()


def test_a_weekly_time_skipping_the_gap_night_is_published(client, world, spring):
    response = _series_post(client, world, spring, "03:30", 40, spring.strftime("%d.%m.%Y"))
    assert response.status_code == 302
    assert Slot._default_manager.count() == 2


def test_a_weekly_time_across_the_changes_lasts_what_was_typed(world, spring, autumn):
    for night in (spring, autumn):
        series = series_create(
            by=world.tutor,
            organisation=world.school_a,
            weekday=night.weekday(),
            start_time=time(2, 30),
            duration_minutes=90,
            first_date=night - timedelta(days=7),
            until=night + timedelta(days=7),
            skip_days_off=False,
        )
        lengths = {s.ends_at - s.starts_at for s in series.slots.all()}
        assert lengths == {timedelta(minutes=90)}
        starts = {timezone.localtime(s.starts_at).strftime("%H:%M") for s in series.slots.all()}
        assert starts == {"02:30"}


def test_occurrences_in_the_repeated_hour_are_the_first_and_last_what_was_typed(autumn):
    spans = occurrences(
        weekday=autumn.weekday(),
        start_time=time(3, 10),
        duration_minutes=55,
        first_date=autumn,
        until=autumn,
    )
    assert spans == [
        (
            datetime.combine(autumn, time(0, 10), tzinfo=UTC),
            datetime.combine(autumn, time(1, 5), tzinfo=UTC),
        )
    ]


def test_the_service_refuses_a_time_that_ends_before_it_starts_in_absolute_time(world, spring):
    # Given as Helsinki times: 03:30 (no such time, read as 01:30 UTC) to 04:10 (01:10 UTC).
    with pytest.raises(ApplicationError):
        slot_create(
            by=world.tutor,
            organisation=world.school_a,
            starts_at=datetime.combine(spring, time(3, 30), tzinfo=HELSINKI),
            ends_at=datetime.combine(spring, time(4, 10), tzinfo=HELSINKI),
        )
    assert not Slot._default_manager.exists()
