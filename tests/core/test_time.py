"""Local time: one zone, Helsinki, on both sides of a daylight-saving change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from tutori.core.time import HELSINKI, at_local, local, local_text, week_start


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
