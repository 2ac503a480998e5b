"""core.privacy.shown_parts: counts that add up to a shown total never let one under five be
worked out by subtraction."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tutori.core.privacy import HIDDEN, SMALL_GROUP_LIMIT, shown_parts


def test_one_small_part_hides_the_smallest_other():
    assert shown_parts([10, 6, 2]) == ["10", HIDDEN, "< 5"]


def test_two_small_parts_hide_each_other_already():
    assert shown_parts([10, 3, 0]) == ["10", "< 5", "< 5"]


def test_no_small_part_shows_every_number():
    assert shown_parts([10, 6, 5]) == ["10", "6", "5"]


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=6))
def test_the_total_minus_the_shown_never_gives_one_small_part(parts):
    out = shown_parts(parts)
    unknown = [p for p, text in zip(parts, out, strict=True) if not text.isdigit()]
    # Whatever is not shown as a number is never a single count under five.
    assert not (len(unknown) == 1 and unknown[0] < SMALL_GROUP_LIMIT)
