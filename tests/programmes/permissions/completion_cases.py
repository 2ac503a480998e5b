"""Shared set-ups of completion's permission tests: Oulu's programme with two held meetings,
the teacher (Koulu A) attended both; Kemi's programme likewise for "another organisation"."""

from __future__ import annotations

from typing import Any

from tests.programmes.factories import (
    AttendanceFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
)
from tutori.programmes.models import Session


def ready_teacher(world: Any, organisation: Any = None, school: Any = None) -> Any:
    programme = ProgrammeFactory(
        organisation=organisation or world.oulu,
        published=True,
        completion_all_assignments=False,
        enrolled=1,
    )
    sessions = [SessionFactory(programme=programme) for _ in range(2)]
    p = ParticipantFactory(
        programme=programme,
        person=world.member if organisation is None else world.nobody,
        organisation=school or world.school_a,
    )
    for s in sessions:
        AttendanceFactory(session=s, participant=p)
    return p


def elsewhere(world: Any) -> Any:
    """A participant of Kemi's programme (Koulu K)."""
    return ready_teacher(world, world.kemi, world.school_k)


def follow_up(participant: Any) -> Any:
    return SessionFactory(programme=participant.programme, kind=Session.Kind.FOLLOW_UP)
