"""Synthetic follow-up paths for the benchmark (``tutori generate``): per municipality a
peer-mentor path template of six steps (willingness, training, the role, a short and a long
supervision, feedback: seed 003's shape, with windows counted from the start), and
``PER_SCHOOL`` of each school's members on it, coached by the school's tutor, started at
different days of the last five months: steps done on time, late or not yet (some overdue),
one path in twenty stopped, the finished ones completed, a supervision note on each held
supervision. At national scale 300 templates, 12 000 paths, 72 000 steps and about 12 000
notes, written with bulk inserts in a few seconds.

The bench coach (``coach@bench.tutori.fi``, made here: a coach of the first school) coaches
the first municipality's paths; the bench coordinator organises its template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from random import Random
from typing import Any

from django.contrib.auth.hashers import make_password

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.orgs.generate import BATCH, BENCH_DOMAIN, BENCH_PASSWORD
from tutori.orgs.models import Membership, Organisation, Role, today
from tutori.paths.models import (
    PathStep,
    PathTemplate,
    PathVersion,
    PersonPath,
    PersonStep,
    Responsible,
    StepKind,
    SupervisionNote,
)
from tutori.paths.services.schedule import window

TEMPLATE_NAME = "Vertaisohjaajan polku (benchmark)"
PER_SCHOOL = 4
COACH_EMAIL = f"coach@{BENCH_DOMAIN}"
# (title, kind, responsible, days after the start: from, to)
STEPS = [
    ("Halukkuuden kartoitus", StepKind.TASK, Responsible.COACH, 0, 14),
    ("Vertaisohjaajakoulutus", StepKind.PROGRAMME, Responsible.PERSON, 14, 60),
    ("Vertaisohjaajana työpajalla", StepKind.ROLE, Responsible.COACH, 60, 67),
    ("Lyhyt työnohjaus", StepKind.SUPERVISION, Responsible.COACH, 67, 74),
    ("Pitkä työnohjaus", StepKind.SUPERVISION, Responsible.COACH, 81, 88),
    ("Palaute", StepKind.FEEDBACK, Responsible.PERSON, 88, 102),
]
STARTED_WITHIN = 150  # days


def bench_coach(first_school: Organisation) -> User:
    """The bench coach login, a coach of the first school (made once)."""
    coach = User.objects.filter(email=COACH_EMAIL).first()
    if coach is None:
        coach = User.objects.create(
            email=COACH_EMAIL,
            display_name="Bench coach",
            password=make_password(BENCH_PASSWORD),
        )
        Membership.objects.create(
            user=coach,
            organisation=first_school,
            role=Role.COACH,
            active_from=today() - dt.timedelta(days=400),
        )
    return coach


@scopes_disabled()
def paths(
    *, scale: dict[str, int], rng: Random, state: dict[str, Any], progress: Callable[..., None]
) -> None:
    towns: list[Organisation] = state["municipalities"]
    schools: list[Organisation] = state["schools"]
    members_by_school: list[list[int]] = state["members_by_school"]
    tutor_by_school: list[int] = state["tutor_by_school"]
    coordinator = User.objects.filter(email=f"coordinator@{BENCH_DOMAIN}").first()
    coach = bench_coach(schools[0])
    now = today()

    templates = PathTemplate.objects.bulk_create(
        [
            PathTemplate(
                organisation=town,
                name=TEMPLATE_NAME,
                description="Vertaisohjaajan palvelupolku (seed 003).",
                created_by=coordinator,
            )
            for town in towns
        ],
        batch_size=BATCH,
    )
    versions = PathVersion.objects.bulk_create(
        [PathVersion(template=t, number=1, created_by=coordinator) for t in templates],
        batch_size=BATCH,
    )
    steps = PathStep.objects.bulk_create(
        [
            PathStep(
                version=version,
                position=n,
                title=title,
                kind=kind,
                responsible=responsible,
                due_after_days=after,
                due_within_days=within,
            )
            for version in versions
            for n, (title, kind, responsible, after, within) in enumerate(STEPS, start=1)
        ],
        batch_size=BATCH,
    )
    progress("path templates", len(templates))
    steps_of = {v.pk: steps[i * len(STEPS) : (i + 1) * len(STEPS)] for i, v in enumerate(versions)}
    version_of = {t.organisation_id: (t, v) for t, v in zip(templates, versions, strict=True)}

    rows: list[PersonPath] = []
    seen: set[tuple[int, int]] = set()
    for index, school in enumerate(schools):
        template, version = version_of[school.parent_id or school.pk]
        first_town = school.parent_id == towns[0].pk
        chosen = [pk for pk in members_by_school[index] if (template.pk, pk) not in seen]
        for pk in chosen[:PER_SCHOOL]:
            seen.add((template.pk, pk))
            started = now - dt.timedelta(days=rng.randrange(STARTED_WITHIN))
            rows.append(
                PersonPath(
                    template=template,
                    version=version,
                    organisation=school,
                    person_id=pk,
                    coach_id=coach.pk if first_town else (tutor_by_school[index] or None),
                    started_on=started,
                    created_by=coordinator,
                )
            )
    person_steps: list[PersonStep] = []
    for path in rows:
        done_all = True
        for step in steps_of[path.version_id]:
            due_from, due_to = window(
                path.started_on, after_days=step.due_after_days, within_days=step.due_within_days
            )
            ps = PersonStep(step=step, anchor_on=path.started_on, due_from=due_from, due_to=due_to)
            if done_all:
                # Done on time, late or not yet; the later steps wait for this one.
                done_on = due_from + dt.timedelta(days=rng.randrange(0, 12))
                if done_on <= now and rng.random() < 0.85:
                    ps.done_on = done_on
                else:
                    done_all = False
            person_steps.append(ps)
        if done_all:
            path.status = PersonPath.Status.COMPLETED
            path.completed_on = max(
                d for d in (ps.done_on for ps in person_steps[-len(STEPS) :]) if d
            )
        elif rng.random() < 0.05:
            path.status = PersonPath.Status.STOPPED
            path.stopped_on = now - dt.timedelta(days=rng.randrange(1, 20))
            path.stop_reason = "Siirtyi muihin tehtäviin."
    created = PersonPath.objects.bulk_create(rows, batch_size=BATCH)
    for n, path in enumerate(created):
        for ps in person_steps[n * len(STEPS) : (n + 1) * len(STEPS)]:
            ps.path = path
    PersonStep.objects.bulk_create(person_steps, batch_size=BATCH)
    progress("people on paths", len(created))

    notes = [
        SupervisionNote(
            path=ps.path,
            person_step=ps,
            author_id=ps.path.coach_id,
            held_on=ps.done_on,
            duration_minutes=45,
            problems="Perehdytystilanne, jossa uusi valmentautuja ei halunnut neuvoja.",
            solutions="Näytetään ensin mallia ja pyydetään työvalmentaja mukaan tarvittaessa.",
            feedback_given="Rauhallinen ja selkeä ote.",
        )
        for ps in person_steps
        if ps.step.kind == StepKind.SUPERVISION and ps.done_on and ps.path.coach_id
    ]
    SupervisionNote.objects.bulk_create(notes, batch_size=BATCH)
    progress("supervision notes", len(notes))
    first = next((p for p in created if p.coach_id == coach.pk), None)
    state.update(
        path_template=templates[0].pk,
        path=first.pk if first else None,
        paths=len(created),
    )
