"""Factories of programmes, their sessions, participants and attendance (shared by the
programmes tests; each part adds its own with small edits)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from tests.factories import OrganisationFactory, UserFactory
from tutori.programmes.models import (
    Assignment,
    Attendance,
    Participant,
    Programme,
    Session,
)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Koulutus {n}")
    starts_on = dt.date(2027, 1, 11)
    ends_on = dt.date(2027, 5, 28)
    credits = Decimal("4")
    themes = factory.LazyFunction(lambda: ["Työ- ja toimintakyky", "Asiakkaan ohjaus"])

    class Params:
        published = factory.Trait(status=Programme.Status.PUBLISHED)


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    date = factory.Sequence(lambda n: dt.date(2027, 1, 11) + dt.timedelta(weeks=n % 18))
    starts_at = dt.time(12, 0)
    ends_at = dt.time(16, 0)
    hours = Decimal("4")
    theme = "Asiakkaan ohjaus"


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    programme = factory.SubFactory(ProgrammeFactory)
    person = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda p: p.programme.organisation)
    status = Participant.Status.ENROLLED


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = Attendance.Status.PRESENT
    hours = Decimal("4")


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Välitehtävä {n}")
