"""Local time: one zone, Helsinki, on both sides of a daylight-saving change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone

from tutori.core.time import (
    ANY_DATE,
    HELSINKI,
    LOG_DATES,
    SLOT_DATES,
    ClockChangeWithin,
    NonexistentLocalTime,
    at_local,
    local,
    local_moment,
    local_span,
    local_text,
    week_start,
)


def test_the_zone_is_helsinki():
    assert str(HELSINKI) == "Europe/Helsinki"


def test_at_local_is_midnight_or_the_given_time_in_helsinki():
    assert at_local(date(2027, 1, 15)).astimezone(UTC) == datetime(2027, 1, 14, 22, 0, tzinfo=UTC)
    summer = at_local(date(2027, 6, 15), time(14, 30))
    assert summer.astimezone(UTC) == datetime(2027, 6, 15, 11, 30, tzinfo=UTC)


def test_local_and_its_text_are_helsinki_time():
    moment = datetime(2027, 3, 5, 12, 30, tzinfo=UTC)
    assert local(moment).hour == 14
    assert local_text(moment) == "5.3.2027 14:30"


def test_the_week_starts_on_monday():
    assert week_start(date(2027, 3, 7)) == date(2027, 3, 1)  # a Sunday
    assert week_start(date(2027, 3, 1)) == date(2027, 3, 1)


# --- The nights the clocks change (2027: 28 March and 31 October) ---------------------------


def test_a_clock_time_the_spring_change_skips_does_not_exist():
    for at in (time(3, 0), time(3, 30), time(3, 59)):
        with pytest.raises(NonexistentLocalTime) as error:
            local_moment(date(2027, 3, 28), at)
        assert "ei ole olemassa 28.3.2027" in error.value.message
    assert local_moment(date(2027, 3, 28), time(4, 0)) == datetime(2027, 3, 28, 1, tzinfo=UTC)


def test_a_clock_time_the_autumn_change_repeats_is_the_first_one_in_summer_time():
    assert local_moment(date(2027, 10, 31), time(3, 10)) == datetime(
        2027, 10, 31, 0, 10, tzinfo=UTC
    )


def test_a_span_lasts_what_its_clock_times_say_or_is_refused():
    start, end = local_span(date(2027, 10, 31), time(3, 10), time(3, 40))
    assert end - start == timedelta(minutes=30)
    with pytest.raises(ClockChangeWithin):
        local_span(date(2027, 10, 31), time(3, 10), time(4, 5))  # would last 1 h 55 min
    with pytest.raises(ClockChangeWithin):
        local_span(date(2027, 3, 28), time(2, 30), time(4, 30))  # would last 1 h
    with pytest.raises(NonexistentLocalTime):
        local_span(date(2027, 3, 28), time(2, 30), time(3, 30))


def test_the_edges_of_the_calendar_are_not_an_overflow():
    with pytest.raises(NonexistentLocalTime):
        local_moment(date(1, 1, 1), time(0, 0))
    assert local_moment(date(9999, 12, 31), time(23, 0)).year == 9999


# --- Bounded dates --------------------------------------------------------------------------


def test_any_date_is_between_2000_and_2100():
    assert ANY_DATE.contains(date(2000, 1, 1)) and ANY_DATE.contains(date(2100, 12, 31))
    assert not ANY_DATE.contains(date(1999, 12, 31)) and not ANY_DATE.contains(date(9999, 1, 1))
    assert ANY_DATE.problem(date(1, 1, 1)) == "Anna päivä väliltä 1.1.2000–31.12.2100."
    assert ANY_DATE.problem(date(2027, 1, 1)) is None


def test_slot_dates_reach_a_year_back_and_two_ahead():
    today = timezone.localdate()
    assert SLOT_DATES.contains(today - timedelta(days=364))
    assert SLOT_DATES.contains(today + timedelta(days=365 * 2 - 1))
    assert not SLOT_DATES.contains(today - timedelta(days=367))
    assert not SLOT_DATES.contains(today + timedelta(days=365 * 2 + 2))


def test_log_dates_are_not_in_the_future():
    today = timezone.localdate()
    assert LOG_DATES.contains(today) and LOG_DATES.contains(date(2000, 1, 1))
    assert not LOG_DATES.contains(today + timedelta(days=1))
