"""The templates' world (part A's tests): Oulu's Parik peer-mentor path template, as seed 003
tells it, with its steps; a template of Kemi's; putting someone on a version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.factories import UserFactory
from tests.paths.factories import PathStepFactory, PathTemplateFactory, PathVersionFactory
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import (
    Anchor,
    PathStep,
    PathTemplate,
    PathVersion,
    Responsible,
    StepKind,
)
from tutori.paths.services import schedule

WILLING = "Halukkuus kartoitettu"
TRAINING = "Vertaisohjaajakoulutus"
SHORT = "Lyhyt työnohjaus"
LONG = "Pitkä työnohjaus"


@dataclass
class Parik:
    template: PathTemplate
    version: PathVersion
    steps: dict[str, PathStep]

    def step(self, title: str) -> PathStep:
        return self.steps[title]


def parik(organisation: Any, *, name: str = "Vertaisohjaajan polku") -> Parik:
    """Willingness mapped at once; the training within 90 days; the short supervision 7–14
    days from the training's completion; the long one 21–28 days after the short one, which
    it needs."""
    version = PathVersionFactory(template=PathTemplateFactory(organisation=organisation, name=name))
    willing = PathStepFactory(
        version=version, position=1, title=WILLING, kind=StepKind.SURVEY, due_within_days=0
    )
    training = PathStepFactory(
        version=version,
        position=2,
        title=TRAINING,
        kind=StepKind.PROGRAMME,
        responsible=Responsible.PERSON,
        due_within_days=90,
        depends_on=[willing],
    )
    short = PathStepFactory(
        version=version,
        position=3,
        title=SHORT,
        supervision=True,
        anchor=Anchor.MILESTONE,
        milestone="programmes.completed:999999",
        due_after_days=7,
        due_within_days=14,
        depends_on=[training],
    )
    long = PathStepFactory(
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
    steps = {s.title: s for s in (willing, training, short, long)}
    return Parik(template=version.template, version=version, steps=steps)


def follow(version: PathVersion, person: Any = None) -> Any:
    """Put a person (a new one by default) on ``version``'s path."""
    person = person or UserFactory()
    with scopes_disabled():
        return schedule.path_start(
            version=version,
            person=person,
            organisation_id=version.template.organisation_id,
        ).path


def versions(template: PathTemplate) -> list[PathVersion]:
    with scopes_disabled():
        return list(PathVersion.objects.filter(template=template).order_by("number"))


def steps_of(version: PathVersion) -> list[PathStep]:
    return list(PathStep.objects.filter(version=version).order_by("position"))
