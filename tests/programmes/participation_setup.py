"""Set-up shared by the participation part's tests: Oulu's published programme under way,
trained by Koulu A's tutor, with a session today, a pre-assignment and an interim
assignment, and two enrolled participants (Koulu A's teacher ``member`` and another teacher
of Koulu A)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tests.conftest import World
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.programmes.factories import AssignmentFactory, ProgrammeFactory, SessionFactory
from tutori.programmes.models import (
    Assignment,
    CaseNote,
    Participant,
    Programme,
    Session,
    Submission,
)


@dataclass
class Course:
    programme: Programme
    session: Session  # today, 4 hours
    later: Session  # in a week
    pre: Assignment
    interim: Assignment
    member: Participant  # world.member's participation
    other: Participant  # another teacher of Koulu A


def enrol(programme: Programme, person: Any, organisation: Any) -> Participant:
    """An enrolled participant counted in the programme's places (without the service)."""
    p: Participant = Participant._default_manager.create(
        programme=programme,
        person=person,
        organisation=organisation,
        status=Participant.Status.ENROLLED,
        enrolled_at=timezone.now(),
    )
    Programme._default_manager.filter(pk=programme.pk).update(enrolled=programme.enrolled + 1)
    programme.enrolled += 1
    return p


def course(w: World, **fields: Any) -> Course:
    today = timezone.localdate()
    fields.setdefault("info_letter", "Tervetuloa koulutukseen! Ota mukaan kannettava.")
    programme = ProgrammeFactory(
        organisation=w.oulu,
        published=True,
        name=fields.pop("name", "WIRE-valmennus"),
        starts_on=today - dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=90),
        capacity=16,
        **fields,
    )
    programme.trainers.add(w.tutor)
    session = SessionFactory(programme=programme, date=today, hours=Decimal("4"))
    later = SessionFactory(programme=programme, date=today + dt.timedelta(days=7))
    pre = AssignmentFactory(
        programme=programme,
        kind=Assignment.Kind.PRE,
        title="Ennakkotehtävä: oma työ",
        instructions="Kuvaa työtäsi.",
        order=0,
    )
    interim = AssignmentFactory(programme=programme, title="Välitehtävä 1", order=1)
    other_person = UserFactory(display_name="Maija Muu")
    MembershipFactory(user=other_person, organisation=w.school_a)
    return Course(
        programme=programme,
        session=session,
        later=later,
        pre=pre,
        interim=interim,
        member=enrol(programme, w.member, w.school_a),
        other=enrol(programme, other_person, w.school_a),
    )


def submitted(participant: Participant, assignment: Assignment, **fields: Any) -> Submission:
    fields.setdefault("text", "Vastaukseni.")
    return Submission._default_manager.create(  # type: ignore[no-any-return]
        participant=participant, assignment=assignment, **fields
    )


def note(participant: Participant, text: str) -> CaseNote:
    return CaseNote._default_manager.create(participant=participant, text=text)  # type: ignore[no-any-return]


def elsewhere(w: World) -> Course:
    """Rovaniemi's programme (outside Oulu and its network), with its own people."""
    rovaniemi = OrganisationFactory(name="Rovaniemi", municipality=True)
    c = course(w, name="Rovaniemen koulutus")
    Programme._default_manager.filter(pk=c.programme.pk).update(organisation=rovaniemi)
    c.programme.organisation = rovaniemi
    c.programme.trainers.set([])
    for p in (c.member, c.other):
        person = UserFactory()
        MembershipFactory(user=person, organisation=rovaniemi)
        Participant._default_manager.filter(pk=p.pk).update(person=person, organisation=rovaniemi)
    c.member.refresh_from_db()
    c.other.refresh_from_db()
    return c
