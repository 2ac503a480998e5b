"""Who may read a workshop's result, export it, turn its themes into follow-up work and mark
a task done (part W3), on the roles of ``workshops.permissions``.

- The results page: whoever ``workshops.read_results`` allows (facilitators see the live
  tally; the archive's readers and the participants with an account see the questions in
  their results phase).
- The projector view and the exports (PDF, DOCX, Markdown): the facilitators and the
  archive's readers.
- Follow-up work of a theme: the workshop's facilitators, once the theme's question shows
  its results; a topic or a survey question only where the target app allows it.
- A task is marked done by its owner or by the workshop's facilitators.
"""

from __future__ import annotations

from typing import Any

import rules

from tutori.access import engine
from tutori.workshops.models import FollowUp, Phase, Theme, Workshop
from tutori.workshops.permissions import (
    ARCHIVE_ROLES,
    can_facilitate,
    can_read_archive,
    can_read_results,
)

__all__ = [
    "ARCHIVE_ROLES",
    "can_export",
    "can_follow_up",
    "can_mark_done",
    "can_read_results",
    "reads_archive_anywhere",
]


@rules.predicate
def reads_archive_anywhere(user: Any) -> bool:
    """The "Työpajojen tulokset" menu entry: a coordinator, manager or tutor somewhere. No
    query of its own (the engine's reach is read once per request)."""
    return bool(getattr(user, "is_authenticated", False)) and engine.reach(user).holds(
        ARCHIVE_ROLES
    )


@rules.predicate
def can_export(user: Any, workshop: Workshop | None) -> bool:
    return bool(can_facilitate(user, workshop) or can_read_archive(user, workshop))


@rules.predicate
def can_follow_up(user: Any, theme: Theme | None) -> bool:
    if theme is None:
        return False
    return theme.question.phase == Phase.RESULTS and bool(
        can_facilitate(user, theme.question.workshop)
    )


@rules.predicate
def can_mark_done(user: Any, follow_up: FollowUp | None) -> bool:
    if follow_up is None or follow_up.kind != FollowUp.Kind.TASK:
        return False
    if follow_up.owner_id is not None and follow_up.owner_id == getattr(user, "pk", None):
        return True
    return bool(can_facilitate(user, follow_up.theme.question.workshop))


rules.add_perm("workshops.read_archive_any", reads_archive_anywhere)
rules.add_perm("workshops.export", can_export)
rules.add_perm("workshops.follow_up", can_follow_up)
rules.add_perm("workshops.mark_done", can_mark_done)
