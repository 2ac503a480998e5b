"""The coach's world (part C's tests): Oulu's Parik-style path with Koulu A's teacher
(``member``) on it, coached by Koulu A's coach; a path in Kemi coached by Kemi's coach; a coach
of another workshop (Koulu B)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory
from tests.paths.factories import (
    PathStepFactory,
    PathTemplateFactory,
    PathVersionFactory,
    SupervisionNoteFactory,
)
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import (
    Anchor,
    NotePolicy,
    PersonPath,
    PersonStep,
    Responsible,
    StepKind,
    SupervisionNote,
)
from tutori.paths.services import schedule

WILLING = "Halukkuus kartoitettu"
TRAINING = "Vertaisohjaajakoulutus"
SHORT = "Lyhyt työnohjaus"
LONG = "Pitkä työnohjaus"


@dataclass
class Coached:
    path: PersonPath
    steps: dict[str, PersonStep]

    def step(self, title: str) -> PersonStep:
        return self.steps[title]


def parik_version(organisation: Any) -> Any:
    """Willingness mapped at once; the training within 90 days; the short supervision 7–14
    days from the start; the long one 21–28 days after the short one, which it needs."""
    version = PathVersionFactory(
        template=PathTemplateFactory(organisation=organisation, name="Vertaisohjaajan polku")
    )
    PathStepFactory(version=version, position=1, title=WILLING, due_within_days=0)
    PathStepFactory(
        version=version,
        position=2,
        title=TRAINING,
        kind=StepKind.PROGRAMME,
        responsible=Responsible.PERSON,
        due_within_days=90,
    )
    short = PathStepFactory(
        version=version,
        position=3,
        title=SHORT,
        supervision=True,
        due_after_days=7,
        due_within_days=14,
    )
    PathStepFactory(
        version=version,
        position=4,
        title=LONG,
        supervision=True,
        anchor=Anchor.STEP,
        anchor_step=short,
        due_after_days=21,
        due_within_days=28,
        depends_on=[short],
    )
    return version


def coached(
    world: Any,
    *,
    days_ago: int = 10,
    started_on: dt.date | None = None,
    person: Any = None,
    coach: Any = "the coach",
    organisation: Any = None,
    template_organisation: Any = None,
) -> Coached:
    """Koulu A's teacher on Oulu's path since ``days_ago`` days, coached by Koulu A's coach
    unless ``coach`` names another (or None). With the default ten days, the willingness step
    is overdue and the short supervision open."""
    version = parik_version(template_organisation or world.oulu)
    started = schedule.path_start(
        version=version,
        person=person or world.member,
        organisation_id=(organisation or world.school_a).pk,
        coach=world.coach if coach == "the coach" else coach,
        started_on=started_on or timezone.localdate() - dt.timedelta(days=days_ago),
    )
    return Coached(path=started.path, steps={ps.step.title: ps for ps in started.steps})


def elsewhere(world: Any) -> Coached:
    """A Kemi teacher on Kemi's path, coached by Kemi's coach."""
    kemi_coach = UserFactory(display_name="Kerttu Kemin valmentaja")
    MembershipFactory(user=kemi_coach, organisation=world.school_k, coach=True)
    teacher = UserFactory(display_name="Kaarlo Kemin opettaja")
    MembershipFactory(user=teacher, organisation=world.school_k)
    return coached(
        world,
        person=teacher,
        coach=kemi_coach,
        organisation=world.school_k,
        template_organisation=world.kemi,
    )


def other_workshop_coach(world: Any) -> Any:
    """A coach of Koulu B (another workshop of Oulu's)."""
    coach = UserFactory(display_name="Bertta B-valmentaja")
    MembershipFactory(user=coach, organisation=world.school_b, coach=True)
    return coach


def note_on(c: Coached, *, author: Any = None, **fields: Any) -> SupervisionNote:
    return SupervisionNoteFactory(  # type: ignore[no-any-return]
        path=c.path,
        person_step=c.step(SHORT),
        author=author or c.path.coach,
        **fields,
    )


def policy(organisation: Any, *roles: str) -> NotePolicy:
    with scopes_disabled():
        found, _ = NotePolicy.objects.update_or_create(
            organisation=organisation, defaults={"roles": list(roles)}
        )
    return found  # type: ignore[no-any-return]


def fresh(ps: PersonStep) -> PersonStep:
    return PersonStep.objects.get(pk=ps.pk)
