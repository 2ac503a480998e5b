"""The participant's dashboard panel (W2): the open workshops one joined with one's account,
with a link back to each (someone without an account keeps theirs open in the browser)."""

from __future__ import annotations

from typing import Any

from tutori.workshops.models import Workshop

# A person is in a handful of workshops at once at most; more would be listed on their page.
SHOWN = 10


def joined_open_workshops(user: Any) -> list[Workshop]:
    """The open workshops ``user`` joined with their account, the newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Workshop.objects.visible_to(user)
        .filter(status=Workshop.Status.OPEN, participants__user=user)
        .order_by("-held_on", "-pk")
        .distinct()[:SHOWN]
    )


def panel_joined(user: Any) -> dict[str, Any] | None:
    """Context of the "Työpajani" panel; None (no panel) when one is in no open workshop."""
    workshops = joined_open_workshops(user)
    return {"workshops": workshops} if workshops else None
