"""Small-group suppression: fewer than five people is never shown as a number."""

from __future__ import annotations

import pytest

from tutori.core.privacy import SMALL_GROUP_LIMIT, is_small, shown


def test_the_limit_is_five():
    assert SMALL_GROUP_LIMIT == 5


@pytest.mark.parametrize(("count", "text"), [(0, "< 5"), (1, "< 5"), (4, "< 5"), (None, "< 5")])
def test_fewer_than_five_people_show_as_less_than_five(count, text):
    assert is_small(count)
    assert shown(count) == text


@pytest.mark.parametrize(("count", "text"), [(5, "5"), (6, "6"), (1200, "1200")])
def test_five_or_more_people_show_the_number(count, text):
    assert not is_small(count)
    assert shown(count) == text
