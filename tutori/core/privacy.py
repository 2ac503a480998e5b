"""Small-group suppression: a count of fewer than five people is shown as "< 5", never as
the number, so a report cannot point at one person."""

from __future__ import annotations

SMALL_GROUP_LIMIT = 5


def is_small(count: int | None) -> bool:
    """Whether ``count`` people is too few to show (none at all counts as small)."""
    return (count or 0) < SMALL_GROUP_LIMIT


def shown(count: int | None) -> str:
    """``count`` as it may be shown anywhere (page, chart, export): the number or "< 5"."""
    return f"< {SMALL_GROUP_LIMIT}" if is_small(count) else str(count)
