"""Factories of path templates, versions, steps and people's paths (shared by the paths
tests; each part adds its own with small edits)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from tests.factories import OrganisationFactory, UserFactory
from tutori.paths.models import (
    Anchor,
    PathStep,
    PathTemplate,
    PathVersion,
    PersonPath,
    Responsible,
    StepKind,
    SupervisionNote,
)


class PathTemplateFactory(DjangoModelFactory):
    class Meta:
        model = PathTemplate

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Vertaisohjaajan polku {n}")


class PathVersionFactory(DjangoModelFactory):
    class Meta:
        model = PathVersion

    template = factory.SubFactory(PathTemplateFactory)
    number = 1


class PathStepFactory(DjangoModelFactory):
    class Meta:
        model = PathStep
        skip_postgeneration_save = True

    version = factory.SubFactory(PathVersionFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Vaihe {n}")
    kind = StepKind.TASK
    responsible = Responsible.COACH
    anchor = Anchor.START
    due_after_days = 0
    due_within_days = 7

    class Params:
        supervision = factory.Trait(kind=StepKind.SUPERVISION)

    @factory.post_generation
    def depends_on(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.depends_on.set(extracted)


class PersonPathFactory(DjangoModelFactory):
    """A path row alone (no steps): use ``services.schedule.path_start`` for a real one."""

    class Meta:
        model = PersonPath

    version = factory.SubFactory(PathVersionFactory)
    template = factory.LazyAttribute(lambda p: p.version.template)
    organisation = factory.LazyAttribute(lambda p: p.version.template.organisation)
    person = factory.SubFactory(UserFactory)
    started_on = dt.date(2027, 1, 11)


class SupervisionNoteFactory(DjangoModelFactory):
    class Meta:
        model = SupervisionNote

    path = factory.SubFactory(PersonPathFactory)
    author = factory.LazyAttribute(lambda n: n.path.coach)
    held_on = dt.date(2027, 2, 1)
    duration_minutes = 30
    problems = "Ryhmässä oli riitatilanne."
    solutions = "Sovittiin yhteiset pelisäännöt."
