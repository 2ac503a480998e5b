"""Set-up shared by the applications part's tests: Oulu's published programme whose
application window is open today, and its applicants from Koulu A."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tests.conftest import World
from tests.factories import MembershipFactory, UserFactory
from tests.programmes.factories import ParticipantFactory, ProgrammeFactory
from tutori.programmes.models import Participant, Programme


def open_programme(w: World, **fields: Any) -> Programme:
    """Oulu's published programme, applications open today, starting in a month."""
    today = timezone.localdate()
    fields.setdefault("capacity", 16)
    fields.setdefault("criteria", ["Millaisessa tehtävässä työskentelet?"])
    fields.setdefault("starts_on", today + dt.timedelta(days=30))
    fields.setdefault("ends_on", today + dt.timedelta(days=150))
    return ProgrammeFactory(  # type: ignore[no-any-return]
        organisation=w.oulu,
        published=True,
        name=fields.pop("name", "WIRE-valmennus"),
        applications_open_on=today - dt.timedelta(days=3),
        applications_close_on=today + dt.timedelta(days=10),
        **fields,
    )


def teachers(w: World, n: int) -> list[Any]:
    """``n`` new members of Koulu A."""
    people = [UserFactory() for _ in range(n)]
    for person in people:
        MembershipFactory(user=person, organisation=w.school_a)
    return people


def applicant(programme: Programme, person: Any, organisation: Any, **fields: Any) -> Participant:
    """An application waiting for a decision (made without the service)."""
    fields.setdefault("status", Participant.Status.APPLIED)
    fields.setdefault("applied_at", timezone.now())
    fields.setdefault("applied_by", person)
    fields.setdefault("motivation", "Haluan oppia ohjaamaan asiakkaita.")
    fields.setdefault("criteria_answers", ["Työvalmentaja"])
    return ParticipantFactory(  # type: ignore[no-any-return]
        programme=programme, person=person, organisation=organisation, **fields
    )


def enrolled(programme: Programme, person: Any, organisation: Any) -> Participant:
    """An enrolled participant, counted in the programme's places."""
    participant = applicant(
        programme,
        person,
        organisation,
        status=Participant.Status.ENROLLED,
        enrolled_at=timezone.now(),
    )
    Programme._default_manager.filter(pk=programme.pk).update(enrolled=programme.enrolled + 1)
    programme.enrolled += 1
    return participant
