"""Part A's test setup: a published Oulu programme with participants of every status, and
pre, post and feedback surveys of Oulu made from the built-in instruments (drafts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from tests.conftest import World
from tests.evaluation.factories import installed
from tests.factories import MembershipFactory, UserFactory
from tests.programmes.factories import ParticipantFactory, ProgrammeFactory
from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.programmes.models import Participant, Programme
from tutori.surveys import instruments
from tutori.surveys.instruments import survey_from_instrument
from tutori.surveys.models import Survey


@dataclass
class Linkable:
    programme: Programme
    pre: Survey
    post: Survey
    feedback: Survey
    # address of each participant by status
    people: dict[str, list[User]] = field(default_factory=dict)

    def emails(self, *statuses: str) -> set[str]:
        return {p.email for s in statuses for p in self.people.get(s, [])}


def make_survey(world: World, kind: str, title: str = "", **fields: Any) -> Survey:
    instrument = installed(
        instruments.COURSE_FEEDBACK if kind == "feedback" else instruments.SELF_ASSESSMENT
    )
    return survey_from_instrument(
        instrument,
        organisation=fields.pop("organisation", world.oulu),
        title=title or f"Arviointi: {kind}",
        by=fields.pop("by", world.coordinator),
        **fields,
    )


def linkable(
    world: World,
    *,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    status: str = Programme.Status.PUBLISHED,
) -> Linkable:
    today = timezone.localdate()
    programme = ProgrammeFactory(
        organisation=world.oulu,
        name="Tutoropettajien koulutus",
        status=status,
        starts_on=starts_on or today + dt.timedelta(days=7),
        ends_on=ends_on or today + dt.timedelta(days=60),
    )
    out = Linkable(
        programme,
        make_survey(world, "pre", "Alkuarviointi"),
        make_survey(world, "post", "Loppuarviointi"),
        make_survey(world, "feedback", "Palaute"),
    )
    n = 0
    for participant_status, count in (
        (Participant.Status.ENROLLED, 3),
        (Participant.Status.COMPLETED, 1),
        (Participant.Status.LEFT, 1),
        (Participant.Status.APPLIED, 1),
    ):
        for _i in range(count):
            n += 1
            person = UserFactory(email=f"osallistuja{programme.pk}-{n}@example.fi")
            MembershipFactory(user=person, organisation=world.school_a)
            ParticipantFactory(
                programme=programme,
                person=person,
                organisation=world.school_a,
                status=participant_status,
            )
            out.people.setdefault(participant_status, []).append(person)
    return out


def link_all(setup: Linkable, by: User) -> ProgrammeEvaluation:
    with scopes_disabled():
        return ProgrammeEvaluation.objects.create(
            programme=setup.programme,
            pre_survey=setup.pre,
            post_survey=setup.post,
            feedback_survey=setup.feedback,
            created_by=by,
        )


def fresh(evaluation: ProgrammeEvaluation) -> ProgrammeEvaluation:
    return ProgrammeEvaluation._default_manager.get(pk=evaluation.pk)


def survey_fresh(survey: Survey) -> Survey:
    return Survey._default_manager.get(pk=survey.pk)
