"""A training completed, as a milestone a follow-up path may wait for (issue 15: "when the
training completes, the supervision steps get their dates"), declared through
``core.registry.MilestoneSource`` and announced by ``services.completion.confirm`` through
``core.milestones`` — paths never import programmes."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from tutori.core.scoping import scopes_disabled
from tutori.programmes.models import Participant

KEY = "programmes.completed"


@scopes_disabled()
def reached(programme_id: str, person_id: int) -> date | None:
    """The date the person completed the programme, or None."""
    if not programme_id.isdigit():
        return None
    completed = (
        Participant.objects.filter(
            programme_id=int(programme_id),
            person_id=person_id,
            status=Participant.Status.COMPLETED,
        )
        .values_list("completed_at", flat=True)
        .first()
    )
    return timezone.localdate(completed) if completed else None
