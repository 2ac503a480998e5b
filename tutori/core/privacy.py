"""Small-group suppression: a count of fewer than five people is shown as "< 5", never as
the number, so a report cannot point at one person."""

from __future__ import annotations

from collections.abc import Sequence

SMALL_GROUP_LIMIT = 5


def is_small(count: int | None) -> bool:
    """Whether ``count`` people is too few to show (none at all counts as small)."""
    return (count or 0) < SMALL_GROUP_LIMIT


def shown(count: int | None) -> str:
    """``count`` as it may be shown anywhere (page, chart, export): the number or "< 5"."""
    return f"< {SMALL_GROUP_LIMIT}" if is_small(count) else str(count)


# A count hidden only so that a small one beside it can't be worked out (see shown_parts).
HIDDEN = "–"


def shown_parts(parts: Sequence[int]) -> list[str]:
    """Counts that add up to a total shown beside them, each as ``shown``; when exactly one
    of them is under five, the smallest of the others is hidden too (``HIDDEN``), so that the
    total minus the rest never gives the small one."""
    out = [shown(part) for part in parts]
    small = [i for i, part in enumerate(parts) if is_small(part)]
    if len(small) == 1 and len(parts) > 1:
        other = min((i for i in range(len(parts)) if i != small[0]), key=lambda i: parts[i])
        out[other] = HIDDEN
    return out


def subset_shown(part: int | None, whole: int | None) -> bool:
    """Whether a filter's result (``part`` of the ``whole`` people the unfiltered report
    counts) may be shown: the part has at least five people, and so has the rest, unless the
    filter left no one out. Otherwise the whole minus the part would give a group under five
    (the subtraction attack of two overlapping filters)."""
    part, whole = part or 0, whole or 0
    rest = whole - part
    return not is_small(part) and (rest == 0 or not is_small(rest))
