"""A programme's cohort as a survey audience (issue 13): the people who hold a place in a
programme (enrolled or completed), offered to the coordinators who manage it through
``core.registry.CohortSource`` — surveys never import programmes."""

from __future__ import annotations

from typing import Any

from tutori.access import engine
from tutori.core.scoping import scopes_disabled
from tutori.programmes.models import Participant, Programme
from tutori.programmes.permissions import ORGANISER_ROLES

# A coordinator chooses among their latest programmes (a national admin's list stays short).
COHORTS_MAX = 200


def _day(value: Any) -> str:
    return f"{value.day}.{value.month}.{value.year}" if value else ""


def cohorts(user: Any) -> list[tuple[str, str]]:
    """The published and finished programmes ``user`` manages, latest first:
    ``(programme id, "name (start date)")``."""
    reach = engine.reach(user)
    programmes = Programme.objects.visible_to(user).filter(
        status__in=[Programme.Status.PUBLISHED, Programme.Status.FINISHED]
    )
    if not reach.is_admin:
        programmes = programmes.filter(engine.ids_q(user, "organisation_id", ORGANISER_ROLES))
    rows = programmes.order_by("-starts_on", "name", "pk").values_list("pk", "name", "starts_on")
    return [
        (str(pk), f"{name} ({_day(starts)})" if starts else name)
        for pk, name, starts in rows[:COHORTS_MAX]
    ]


@scopes_disabled()
def members(cohort_id: str) -> list[int]:
    """The ids of the people holding a place in the programme now (enrolled or completed);
    none for an id that names no programme."""
    if not cohort_id.isdigit():
        return []
    return list(
        Participant.objects.filter(programme_id=int(cohort_id), status__in=Participant.HOLDING)
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
