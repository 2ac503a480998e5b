"""The report's world (part D's tests): Oulu's peer-mentor path with three steps; seven
teachers of Koulu A on it (five active at different steps, one completed, one stopped) and
two of Koulu B, coached by Koulu A's coach; a Kemi path the Oulu coordinator must not count;
a supervision note whose text must never show in a report."""

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
from tutori.paths.models import PathTemplate, PersonPath, PersonStep
from tutori.paths.services import schedule

WILLING, SHORT, LONG = "Halukkuus kartoitettu", "Lyhyt työnohjaus", "Pitkä työnohjaus"
SECRET = "Salainen ongelmatilanne pajalla"


@dataclass
class Reported:
    template: PathTemplate
    paths: list[PersonPath]
    version: Any = None
    started_on: Any = None


def _teacher(organisation: Any, n: int) -> Any:
    person = UserFactory(display_name=f"Vertainen {organisation.name} {n}")
    MembershipFactory(user=person, organisation=organisation)
    return person


def reported(world: Any) -> Reported:
    """Started 40 days ago; the windows: willingness 0–7 days, short 0–14, long 0–60. Koulu
    A: the willingness done on day 2 by all seven, the short supervision on days 9–13 by
    five (its median from the willingness: 9 days), the long one by one (completed); one
    stopped; three at the long one (open), two at the short one (overdue). Koulu B: one at
    the short one, one at the willingness (both overdue)."""
    version = PathVersionFactory(
        template=PathTemplateFactory(organisation=world.oulu, name="Vertaisohjaajan polku")
    )
    PathStepFactory(version=version, position=1, title=WILLING, due_within_days=7)
    PathStepFactory(version=version, position=2, title=SHORT, due_within_days=14)
    PathStepFactory(version=version, position=3, title=LONG, due_within_days=60)
    started_on = timezone.localdate() - dt.timedelta(days=40)
    paths: list[PersonPath] = []
    plans = [
        # (school, days the steps were done (None: not done), stopped)
        (world.school_a, [2, 9, 30], False),  # completed
        (world.school_a, [2, 10, None], False),  # at the long one (open)
        (world.school_a, [2, 11, None], False),  # at the long one (open)
        (world.school_a, [2, 12, None], False),  # at the long one (open)
        (world.school_a, [2, 13, None], True),  # stopped
        (world.school_a, [2, None, None], False),  # at the short one (overdue)
        (world.school_a, [2, None, None], False),  # at the short one (overdue)
        (world.school_b, [3, None, None], False),
        (world.school_b, [None, None, None], False),
    ]
    for n, (school, days, stopped) in enumerate(plans):
        started = schedule.path_start(
            version=version,
            person=_teacher(school, n),
            organisation_id=school.pk,
            coach=world.coach,
            started_on=started_on,
        )
        with scopes_disabled():
            rows = list(PersonStep.objects.filter(path=started.path).order_by("step__position"))
        for ps, day in zip(rows, days, strict=True):
            if day is not None:
                schedule.step_done(
                    person_step=ps, by=world.coach, on=started_on + dt.timedelta(days=day)
                )
        if stopped:
            with scopes_disabled():
                PersonPath.objects.filter(pk=started.path.pk).update(
                    status=PersonPath.Status.STOPPED
                )
        paths.append(started.path)
    SupervisionNoteFactory(path=paths[0], author=world.coach, problems=SECRET, ideas=SECRET)
    # Kemi's path of the same kind: never in Oulu's report.
    kemi = PathVersionFactory(
        template=PathTemplateFactory(organisation=world.kemi, name="Kemin polku")
    )
    PathStepFactory(version=kemi, position=1, title=WILLING)
    schedule.path_start(
        version=kemi, person=_teacher(world.school_k, 0), organisation_id=world.school_k.pk
    )
    return Reported(template=version.template, paths=paths, version=version, started_on=started_on)


def more_in_school_b(world: Any, r: Reported, n: int = 3) -> None:
    """``n`` more Koulu B teachers on the path, nothing done (their willingness overdue):
    with three, Koulu B has five paths and every organisation is shown."""
    for k in range(n):
        schedule.path_start(
            version=r.version,
            person=_teacher(world.school_b, 100 + k),
            organisation_id=world.school_b.pk,
            coach=world.coach,
            started_on=r.started_on,
        )
