"""The hours report's public helpers that other reports (evaluation's tutoring impact) reuse:
rounding minutes to hours once, and a month's label."""

from __future__ import annotations

from decimal import Decimal

from tutori.tutoring.selectors.report import hours_from_minutes, month_label


def test_hours_from_minutes_rounds_half_up_to_a_tenth() -> None:
    assert hours_from_minutes(None) == Decimal("0.0")
    assert hours_from_minutes(135) == Decimal("2.3")  # 2.25
    assert hours_from_minutes(195) == Decimal("3.3")  # 3.25
    assert hours_from_minutes(61) == Decimal("1.0")


def test_month_label() -> None:
    assert month_label("2026-09") == "9/2026"
    assert month_label("2027-12") == "12/2027"
