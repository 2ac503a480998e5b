"""The path engine (services.schedule): due windows from milestones in Europe/Helsinki,
starting a path, steps dated by other steps and by milestones announced by programmes and
surveys, completion of steps and of the path, dependencies and rescheduling."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.paths.factories import PathStepFactory, PathTemplateFactory, PathVersionFactory
from tests.programmes.factories import (
    AttendanceFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
)
from tutori.core import milestones
from tutori.core.errors import ApplicationError
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import Anchor, PersonPath, PersonStep, StepKind
from tutori.paths.services import schedule
from tutori.paths.services.schedule import StepState, step_state
from tutori.programmes.services import completion

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def parik(world, programme_id=None):
    """Seed 003's path: willingness mapped at once, the training, then the short supervision
    7–14 days and the long one 21–28 days after the training completes."""
    version = PathVersionFactory(template=PathTemplateFactory(organisation=world.oulu))
    willing = PathStepFactory(version=version, title="Halukkuus kartoitettu", due_within_days=0)
    ref = milestones.ref_of("programmes.completed", programme_id or 999999)
    training = PathStepFactory(
        version=version,
        title="Vertaisohjaajakoulutus",
        kind=StepKind.PROGRAMME,
        anchor=Anchor.START,
        due_within_days=90,
        completed_by=ref,
    )
    short = PathStepFactory(
        version=version,
        title="Lyhyt työnohjaus",
        supervision=True,
        anchor=Anchor.MILESTONE,
        milestone=ref,
        due_after_days=7,
        due_within_days=14,
    )
    long = PathStepFactory(
        version=version,
        title="Pitkä työnohjaus",
        supervision=True,
        anchor=Anchor.STEP,
        anchor_step=training,
        due_after_days=21,
        due_within_days=28,
        depends_on=[short],
    )
    return version, (willing, training, short, long)


def rows(path):
    with scopes_disabled():
        return {
            ps.step.title: ps for ps in PersonStep.objects.filter(path=path).select_related("step")
        }


def test_a_window_counts_calendar_days_from_the_milestone():
    assert schedule.window(dt.date(2027, 3, 1), after_days=7, within_days=14) == (
        dt.date(2027, 3, 8),
        dt.date(2027, 3, 15),
    )


@pytest.mark.parametrize(
    "moment, day",
    [
        # The night the clocks go forward (29.3.2026, 03:00 → 04:00) and back (25.10.2026).
        (dt.datetime(2026, 3, 28, 22, 30, tzinfo=dt.UTC), dt.date(2026, 3, 29)),
        (dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC), dt.date(2026, 3, 29)),
        (dt.datetime(2026, 10, 24, 21, 30, tzinfo=dt.UTC), dt.date(2026, 10, 25)),
        (dt.datetime(2026, 10, 25, 21, 59, tzinfo=dt.UTC), dt.date(2026, 10, 25)),
        (dt.datetime(2026, 10, 25, 22, 0, tzinfo=dt.UTC), dt.date(2026, 10, 26)),
    ],
)
def test_a_moment_is_dated_in_helsinki_across_daylight_saving(moment, day):
    assert schedule.local_date(moment) == day
    start, end = schedule.window(schedule.local_date(moment), after_days=7, within_days=14)
    assert (start - day).days == 7 and (end - day).days == 14


def test_a_weekend_window_is_kept_as_computed():
    saturday = dt.date(2027, 3, 6)
    assert schedule.window(saturday, after_days=7, within_days=8) == (
        dt.date(2027, 3, 13),
        dt.date(2027, 3, 14),
    )


def test_starting_dates_the_steps_anchored_on_the_start_only(world):
    version, _steps = parik(world)
    started = schedule.path_start(
        version=version,
        person=world.member,
        organisation_id=world.school_a.pk,
        coach=world.coach,
        by=world.coordinator,
        started_on=dt.date(2027, 1, 11),
    )
    got = rows(started.path)
    assert (got["Halukkuus kartoitettu"].due_from, got["Halukkuus kartoitettu"].due_to) == (
        dt.date(2027, 1, 11),
        dt.date(2027, 1, 11),
    )
    assert got["Vertaisohjaajakoulutus"].due_to == dt.date(2027, 4, 11)
    assert got["Lyhyt työnohjaus"].due_from is None
    assert got["Pitkä työnohjaus"].due_from is None


def test_a_person_is_on_a_templates_path_once(world):
    version, _steps = parik(world)
    kwargs = dict(version=version, person=world.member, organisation_id=world.school_a.pk)
    schedule.path_start(**kwargs)
    with pytest.raises(ApplicationError):
        schedule.path_start(**kwargs)


def completed_training(world):
    programme = ProgrammeFactory(organisation=world.oulu, published=True, enrolled=1)
    session = SessionFactory(programme=programme)
    p = ParticipantFactory(programme=programme, person=world.member, organisation=world.school_a)
    AttendanceFactory(session=session, participant=p)
    return programme


def test_the_training_completing_dates_the_supervisions_and_completes_its_step(world):
    programme = completed_training(world)
    version, _steps = parik(world, programme.pk)
    path = schedule.path_start(
        version=version,
        person=world.member,
        organisation_id=world.school_a.pk,
        started_on=dt.date(2027, 1, 11),
    ).path
    completion.confirm(
        programme=programme, participant_ids=_participant_ids(programme), by=world.coordinator
    )
    got = rows(path)
    today = got["Vertaisohjaajakoulutus"].done_on
    assert today is not None
    assert got["Lyhyt työnohjaus"].anchor_on == today
    assert (got["Lyhyt työnohjaus"].due_from - today).days == 7
    assert (got["Lyhyt työnohjaus"].due_to - today).days == 14
    # The long supervision counts from the training step being done.
    assert (got["Pitkä työnohjaus"].due_from - today).days == 21


def _participant_ids(programme):
    with scopes_disabled():
        return list(programme.participants.values_list("pk", flat=True))


def test_a_training_completed_before_the_path_started_dates_its_steps_at_once(world):
    programme = completed_training(world)
    completion.confirm(
        programme=programme, participant_ids=_participant_ids(programme), by=world.coordinator
    )
    version, _steps = parik(world, programme.pk)
    path = schedule.path_start(
        version=version, person=world.member, organisation_id=world.school_a.pk
    ).path
    got = rows(path)
    assert got["Vertaisohjaajakoulutus"].done_on is not None
    assert got["Lyhyt työnohjaus"].due_from is not None
    assert got["Pitkä työnohjaus"].due_from is not None


def test_another_persons_milestone_changes_nothing(world):
    version, _steps = parik(world, 5)
    path = schedule.path_start(
        version=version, person=world.member, organisation_id=world.school_a.pk
    ).path
    milestones.announce("programmes.completed", 5, person_id=world.tutor.pk, on=dt.date(2027, 2, 1))
    assert rows(path)["Lyhyt työnohjaus"].due_from is None
    milestones.announce(
        "programmes.completed", 5, person_id=world.member.pk, on=dt.date(2027, 2, 1)
    )
    got = rows(path)
    assert got["Lyhyt työnohjaus"].due_from == dt.date(2027, 2, 8)
    assert got["Vertaisohjaajakoulutus"].done_on == dt.date(2027, 2, 1)


def test_a_step_waits_for_the_steps_it_depends_on(world):
    version, (_w, _t, short, long) = parik(world, 5)
    path = schedule.path_start(
        version=version, person=world.member, organisation_id=world.school_a.pk
    ).path
    milestones.announce(
        "programmes.completed", 5, person_id=world.member.pk, on=dt.date(2027, 2, 1)
    )
    got = rows(path)
    depends = {long.pk: {short.pk}}
    blocked = schedule.blocked_ids(got.values(), depends)
    assert blocked == {got["Pitkä työnohjaus"].pk}
    inside = dt.date(2027, 2, 23)
    assert step_state(got["Pitkä työnohjaus"], today=inside, blocked=True) == StepState.BLOCKED
    schedule.step_done(person_step=got["Lyhyt työnohjaus"], by=world.coach, on=dt.date(2027, 2, 9))
    got = rows(path)
    assert schedule.blocked_ids(got.values(), depends) == set()
    assert step_state(got["Pitkä työnohjaus"], today=inside) == StepState.OPEN
    assert step_state(got["Pitkä työnohjaus"], today=dt.date(2027, 3, 2)) == StepState.OVERDUE
    assert step_state(got["Lyhyt työnohjaus"], today=inside) == StepState.DONE


def test_the_path_completes_when_every_step_is_done(world):
    version, _steps = parik(world, 5)
    path = schedule.path_start(
        version=version, person=world.member, organisation_id=world.school_a.pk
    ).path
    milestones.announce(
        "programmes.completed", 5, person_id=world.member.pk, on=dt.date(2027, 2, 1)
    )
    for title in ("Halukkuus kartoitettu", "Lyhyt työnohjaus", "Pitkä työnohjaus"):
        schedule.step_done(person_step=rows(path)[title], by=world.coach, on=dt.date(2027, 3, 1))
    with scopes_disabled():
        path.refresh_from_db()
    assert path.status == PersonPath.Status.COMPLETED and path.completed_on == dt.date(2027, 3, 1)
    with pytest.raises(ApplicationError):
        schedule.step_done(person_step=rows(path)["Lyhyt työnohjaus"], by=world.coach)


def test_rescheduling_needs_a_reason_and_an_ordered_window(world):
    version, _steps = parik(world)
    path = schedule.path_start(
        version=version, person=world.member, organisation_id=world.school_a.pk
    ).path
    ps = rows(path)["Halukkuus kartoitettu"]
    with pytest.raises(ApplicationError):
        schedule.step_reschedule(
            person_step=ps,
            due_from=dt.date(2027, 5, 1),
            due_to=dt.date(2027, 5, 2),
            reason=" ",
            by=world.coach,
        )
    with pytest.raises(ApplicationError):
        schedule.step_reschedule(
            person_step=ps,
            due_from=dt.date(2027, 5, 2),
            due_to=dt.date(2027, 5, 1),
            reason="Sairasloma",
            by=world.coach,
        )
    moved = schedule.step_reschedule(
        person_step=ps,
        due_from=dt.date(2027, 5, 1),
        due_to=dt.date(2027, 5, 2),
        reason="Sairasloma",
        by=world.coach,
    )
    assert (moved.due_from, moved.due_to, moved.rescheduled_reason) == (
        dt.date(2027, 5, 1),
        dt.date(2027, 5, 2),
        "Sairasloma",
    )
