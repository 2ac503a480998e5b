"""Milestones a person reaches in one app that another app may act on (issue 15): a
training completes, a survey is answered. The app where it happens announces it; the apps
that care (follow-up paths) listen to ``reached``. Neither imports the other.

``announce`` sends synchronously, inside the caller's transaction, so what the listeners
write commits or rolls back with the milestone itself.
"""

from __future__ import annotations

from datetime import date

from django.dispatch import Signal

# Sent with ``key`` ("programmes.completed"), ``ref`` ("programmes.completed:12"),
# ``person_id`` and ``on`` (the date it happened in Europe/Helsinki, or None when the source
# must not date it: an anonymous survey's answer).
reached = Signal()


def ref_of(key: str, item_id: object) -> str:
    """The stored name of one milestone: ``"<source key>:<id>"``."""
    return f"{key}:{item_id}"


def split_ref(ref: str) -> tuple[str, str]:
    """``"programmes.completed:12"`` → ``("programmes.completed", "12")``; ("", "") when it
    names no source's item."""
    key, sep, item = ref.rpartition(":")
    return (key, item) if sep and key and item else ("", "")


def announce(key: str, item_id: object, *, person_id: int, on: date | None) -> None:
    """Tell the listeners that the person reached ``key``'s milestone of ``item_id``."""
    reached.send(sender=key, key=key, ref=ref_of(key, item_id), person_id=person_id, on=on)
