"""Factories of evaluations, and ``seed004()``: a programme that mirrors seed 004's WIRE 3
pilot numbers (16 enrolled, all 16 present at the first meeting, 16 pre self-assessments,
12 completed and 12 post assessments; one moved to other duties, one dropped out, two
found no time; a feedback survey whose mean grade is 8). Shared by every part's tests;
each part adds its own with small edits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from random import Random
from typing import Any

import factory
from factory.django import DjangoModelFactory

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.programmes.factories import (
    AttendanceFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
)
from tests.surveys.factories import respond
from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.orgs.models import Organisation, OrganisationKind, Role
from tutori.programmes.models import LeaveReason, Participant, Programme
from tutori.surveys import instruments
from tutori.surveys.instruments import survey_from_instrument
from tutori.surveys.models import Question, Survey


class ProgrammeEvaluationFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeEvaluation

    programme = factory.SubFactory(ProgrammeFactory)


def installed(instrument: instruments.Instrument) -> Survey:
    """The built-in instrument as installed by ``migrate``."""
    with scopes_disabled():
        return Survey.objects.get(
            is_instrument=True, organisation=None, questions__key=instrument.anchor
        )


# Seed 004's attrition: four of sixteen left (index of the participant: reason).
SEED004_LEFT = {
    12: LeaveReason.MOVED,
    13: LeaveReason.DROPPED,
    14: LeaveReason.NO_TIME,
    15: LeaveReason.NO_TIME,
}
# Twelve grades whose mean is 8 (seed 004: "kouluarvosanan 8 asteikolla 4-10").
SEED004_GRADES = [7, 7, 8, 8, 8, 8, 8, 8, 8, 8, 9, 9]


@dataclass
class Seed004:
    organisation: Organisation
    coordinator: User
    programme: Programme
    evaluation: ProgrammeEvaluation
    pre: Survey
    post: Survey
    feedback: Survey
    people: list[User] = field(default_factory=list)
    # {person index: {question key: number}} as answered before and after.
    pre_answers: dict[int, dict[str, int]] = field(default_factory=dict)
    post_answers: dict[int, dict[str, int]] = field(default_factory=dict)


def seed004(*, organisation: Organisation | None = None, seed: int = 4) -> Seed004:
    """The WIRE 3 pilot's numbers: 16 participants of four NGOs (4, 3, 5, 4), all answered
    the pre self-assessment, the twelve who completed answered the post one (most one level
    higher), the feedback survey's twelve grades average 8."""
    rng = Random(seed)
    organiser = organisation or OrganisationFactory(
        name="Jyväskylän TYP", kind=OrganisationKind.AGENCY
    )
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, organisation=organiser, role=Role.COORDINATOR)
    ngos = [
        OrganisationFactory(name=name, kind=OrganisationKind.ASSOCIATION, parent=organiser)
        for name in ("Katulähetys", "Työttömät", "Tekevä", "Setlementti")
    ]
    homes = [ngos[0]] * 4 + [ngos[1]] * 3 + [ngos[2]] * 5 + [ngos[3]] * 4
    programme = ProgrammeFactory(
        organisation=organiser,
        name="Työvalmentajakoulutus (WIRE 3)",
        status=Programme.Status.FINISHED,
        starts_on=dt.date(2026, 1, 16),
        ends_on=dt.date(2026, 5, 22),
    )
    fields: dict[str, Any] = {"status": Survey.Status.CLOSED, "anonymous": False}
    pre = survey_from_instrument(
        installed(instruments.SELF_ASSESSMENT),
        organisation=organiser,
        title="WIRE 3: alkuarviointi",
        by=coordinator,
        **fields,
    )
    post = survey_from_instrument(
        installed(instruments.SELF_ASSESSMENT),
        organisation=organiser,
        title="WIRE 3: loppuarviointi",
        by=coordinator,
        **fields,
    )
    feedback = survey_from_instrument(
        installed(instruments.COURSE_FEEDBACK),
        organisation=organiser,
        title="WIRE 3: palaute",
        by=coordinator,
        **fields,
    )
    evaluation = ProgrammeEvaluationFactory(
        programme=programme, pre_survey=pre, post_survey=post, feedback_survey=feedback
    )
    with scopes_disabled():
        likert = {
            survey.pk: {
                q.key: q for q in Question.objects.filter(survey=survey, kind=Question.Kind.LIKERT)
            }
            for survey in (pre, post)
        }
        grade = Question.objects.get(survey=feedback, key="cf_grade")
        reason = Question.objects.get(survey=feedback, key="cf_reason")
    out = Seed004(organiser, coordinator, programme, evaluation, pre, post, feedback)
    # The first meeting, where all sixteen were present (every one of them started).
    first_meeting = SessionFactory(programme=programme, date=programme.starts_on)
    completed = 0
    for index, home in enumerate(homes):
        person = UserFactory()
        MembershipFactory(user=person, organisation=home, role=Role.COACH)
        out.people.append(person)
        left = SEED004_LEFT.get(index)
        participant = ParticipantFactory(
            programme=programme,
            person=person,
            organisation=home,
            status=Participant.Status.LEFT if left else Participant.Status.COMPLETED,
            leave_reason=left or "",
        )
        AttendanceFactory(session=first_meeting, participant=participant)
        before = {key: rng.choice([2, 2, 3, 3, 4]) for key in likert[pre.pk]}
        out.pre_answers[index] = before
        respond(
            pre,
            {likert[pre.pk][key]: value for key, value in before.items()},
            person=person,
            organisation=home,
            submitted_on=dt.date(2026, 1, 16),
        )
        if left:
            continue
        after = {key: min(5, value + rng.choice([0, 1, 1, 1, 2])) for key, value in before.items()}
        out.post_answers[index] = after
        respond(
            post,
            {likert[post.pk][key]: value for key, value in after.items()},
            person=person,
            organisation=home,
            submitted_on=dt.date(2026, 5, 22),
        )
        respond(
            feedback,
            {grade: SEED004_GRADES[completed], reason: f"Perustelu {completed + 1}"},
            organisation=home,
            submitted_on=dt.date(2026, 5, 22),
        )
        completed += 1
    return out
