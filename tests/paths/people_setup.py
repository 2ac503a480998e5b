"""The world of part B's tests (people on paths): Oulu's peer-mentor path template with four
steps, a path of Koulu A's teacher (``member``) coached by Koulu A's coach, and helpers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tests.paths.factories import PathStepFactory, PathTemplateFactory, PathVersionFactory
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import Anchor, PathTemplate, PersonPath, Responsible, StepKind
from tutori.paths.services import schedule

WILLING = "Halukkuus kartoitettu"
TRAINING = "Vertaisohjaajakoulutus"
SHORT = "Lyhyt työnohjaus"
LONG = "Pitkä työnohjaus"


def template_of(organisation: Any, name: str = "Vertaisohjaajan polku") -> PathTemplate:
    """A template with one version: willingness at once, the training within 90 days, the
    short supervision 7–14 days from the start, the long one 21–28 days after the short one
    (which it needs)."""
    version = PathVersionFactory(template=PathTemplateFactory(organisation=organisation, name=name))
    PathStepFactory(version=version, position=1, title=WILLING, due_within_days=0)
    PathStepFactory(
        version=version,
        position=2,
        title=TRAINING,
        kind=StepKind.PROGRAMME,
        responsible=Responsible.PERSON,
        due_within_days=90,
        instructions="Osallistu neljään koulutuskertaan.",
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
    return version.template  # type: ignore[no-any-return]


def on_path(
    world: Any,
    template: PathTemplate | None = None,
    *,
    person: Any = None,
    coach: Any = "world",
    days_ago: int = 10,
    organisation: Any = None,
) -> PersonPath:
    """``person`` (Koulu A's teacher) on ``template`` (a new one of Oulu) since ``days_ago``
    days, coached by Koulu A's coach."""
    template = template or template_of(world.oulu)
    with scopes_disabled():
        version = template.versions.order_by("-number").first()
    started = schedule.path_start(
        version=version,
        person=person or world.member,
        organisation_id=(organisation or world.school_a).pk,
        coach=world.coach if coach == "world" else coach,
        started_on=timezone.localdate() - dt.timedelta(days=days_ago),
    )
    return started.path


def fresh(path: PersonPath) -> PersonPath:
    with scopes_disabled():
        return PersonPath.objects.get(pk=path.pk)


def paths_of(person: Any) -> list[PersonPath]:
    with scopes_disabled():
        return list(PersonPath.objects.filter(person=person).order_by("pk"))
