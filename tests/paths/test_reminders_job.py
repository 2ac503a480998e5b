"""Part D: the reminder job (tasks.reminders_due). A step's responsible person is mailed once
when its window opens and once when it becomes overdue, in their own language; waiting
steps, done steps, stopped paths and long-overdue steps are not mailed; a moved window is
reminded again; the scheduler runs the job and never sends twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory
from tests.paths.factories import PathStepFactory, PathTemplateFactory, PathVersionFactory
from tutori.core import tasks
from tutori.core.notify import site_url
from tutori.core.scoping import scopes_disabled
from tutori.paths import tasks as path_tasks
from tutori.paths.models import PersonPath, PersonStep, Responsible
from tutori.paths.services import schedule

pytestmark = pytest.mark.django_db


class _Commit:
    capture: Any = None


COMMIT = _Commit()


@pytest.fixture(autouse=True)
def _mail_as_each_write_commits(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    COMMIT.capture = django_capture_on_commit_callbacks
    yield
    COMMIT.capture = None


def done(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` as a write that commits: the mails it queues are sent as it returns."""

    def run(*args: Any, **kwargs: Any) -> Any:
        with COMMIT.capture(execute=True):
            return fn(*args, **kwargs)

    return run


reminders_due = done(path_tasks.reminders_due)
periodic_run_due = done(tasks.periodic_run_due)


def to(person: Any) -> list[Any]:
    return [m for m in mail.outbox if m.to == [person.email]]


def today() -> dt.date:
    return timezone.localdate()


def on_path(world: Any, *steps: dict[str, Any], days_ago: int = 0, coach: Any = "coach") -> Any:
    """Koulu A's teacher on an Oulu path with ``steps`` (PathStepFactory fields), started
    ``days_ago``; coached by Koulu A's coach (``coach=None``: no coach)."""
    version = PathVersionFactory(
        template=PathTemplateFactory(organisation=world.oulu, name="Vertaisohjaajan polku")
    )
    made = [
        PathStepFactory(version=version, position=n, **fields)
        for n, fields in enumerate(steps, start=1)
    ]
    started = schedule.path_start(
        version=version,
        person=world.member,
        organisation_id=world.school_a.pk,
        coach=world.coach if coach == "coach" else coach,
        started_on=today() - dt.timedelta(days=days_ago),
    )
    started.path.made_steps = made
    return started


def row(started: Any, n: int) -> PersonStep:
    with scopes_disabled():
        return PersonStep.objects.get(path=started.path, step=started.path.made_steps[n])


def test_a_step_opening_mails_the_coach_once_however_often_the_job_runs(world):
    started = on_path(
        world, {"title": "Lyhyt työnohjaus", "due_after_days": 0, "due_within_days": 7}
    )
    assert reminders_due() == {"opened": 1, "overdue": 0, "mails": 1}
    assert reminders_due() == {"opened": 0, "overdue": 0, "mails": 0}
    [message] = to(world.coach)
    assert message.subject == "Polun vaihe alkaa: Lyhyt työnohjaus"
    assert "Olli Opettaja" in message.body
    assert "Vertaisohjaajan polku" in message.body
    assert site_url(reverse("paths:path", args=[started.path.pk])) in message.body
    assert mail.outbox == [message]


def test_an_upcoming_step_waits_for_its_window(world):
    on_path(world, {"due_after_days": 3, "due_within_days": 7})
    assert reminders_due()["opened"] == 0
    assert mail.outbox == []


def test_a_step_becoming_overdue_mails_once_in_the_recipients_language(world):
    world.coach.preferred_language = "en"
    world.coach.save(update_fields=["preferred_language"])
    started = on_path(world, {"title": "Pitkä työnohjaus", "due_within_days": 7}, days_ago=10)
    assert reminders_due() == {"opened": 0, "overdue": 1, "mails": 1}
    assert reminders_due()["overdue"] == 0
    [message] = to(world.coach)
    assert "Pitkä työnohjaus" in message.subject
    assert message.subject.startswith("A path step is overdue")
    assert "3 days ago" in message.body
    assert row(started, 0).reminded_overdue_at is not None


def test_a_step_overdue_long_ago_is_not_mailed_now(world):
    on_path(world, {"due_within_days": 7}, days_ago=7 + 15)
    assert reminders_due() == {"opened": 0, "overdue": 0, "mails": 0}


def test_the_person_and_the_coordinators_are_mailed_for_their_steps(world):
    above = UserFactory(display_name="Pirjo Piiri", email="piiri@example.fi")
    MembershipFactory(user=above, organisation=world.school_a, coordinator=True)
    on_path(
        world,
        {"title": "Palaute", "responsible": Responsible.PERSON},
        {"title": "Roolin aktivointi", "responsible": Responsible.COORDINATOR},
    )
    assert reminders_due() == {"opened": 2, "overdue": 0, "mails": 3}
    assert [m.subject for m in to(world.member)] == ["Polun vaihe alkaa: Palaute"]
    assert [m.subject for m in to(world.coordinator)] == ["Polun vaihe alkaa: Roolin aktivointi"]
    assert [m.subject for m in to(above)] == ["Polun vaihe alkaa: Roolin aktivointi"]
    assert to(world.coach) == [] and to(world.outsider) == []
    # The person's own mail speaks to them, not about them, and leads to their own path.
    assert "Olli Opettaja" not in to(world.member)[0].body
    assert site_url(reverse("paths:mine")) in to(world.member)[0].body


def test_a_path_without_a_coach_reminds_the_coordinators(world):
    on_path(world, {"title": "Lyhyt työnohjaus"}, coach=None)
    reminders_due()
    assert len(to(world.coordinator)) == 1


def test_a_step_waiting_for_another_is_reminded_once_that_one_is_done(world):
    version = PathVersionFactory(template=PathTemplateFactory(organisation=world.oulu))
    first = PathStepFactory(version=version, position=1, title="Koulutus")
    second = PathStepFactory(version=version, position=2, title="Työnohjaus", depends_on=[first])
    started = schedule.path_start(
        version=version,
        person=world.member,
        organisation_id=world.school_a.pk,
        coach=world.coach,
    )
    assert reminders_due()["opened"] == 1  # the training only
    with scopes_disabled():
        ps = PersonStep.objects.get(path=started.path, step=first)
    schedule.step_done(person_step=ps, by=world.coach)
    assert reminders_due()["opened"] == 1
    assert [m.subject for m in to(world.coach)] == [
        "Polun vaihe alkaa: Koulutus",
        "Polun vaihe alkaa: Työnohjaus",
    ]
    assert second.depends_on.get() == first


def test_done_steps_and_stopped_paths_are_not_reminded(world):
    started = on_path(world, {"title": "A"}, {"title": "B"})
    schedule.step_done(person_step=row(started, 0), by=world.coach)
    with scopes_disabled():
        other = on_path(world, {"title": "C"}, days_ago=3)
        PersonPath.objects.filter(pk=other.path.pk).update(status=PersonPath.Status.STOPPED)
    assert reminders_due() == {"opened": 1, "overdue": 0, "mails": 1}
    assert [m.subject for m in mail.outbox] == ["Polun vaihe alkaa: B"]


def test_a_moved_window_is_reminded_again(world):
    started = on_path(world, {"title": "Lyhyt työnohjaus"})
    reminders_due()
    schedule.step_reschedule(
        person_step=row(started, 0),
        due_from=today(),
        due_to=today() + dt.timedelta(days=3),
        reason="Sairastui",
        by=world.coach,
    )
    assert reminders_due()["opened"] == 1
    assert len(to(world.coach)) == 2


def test_a_switched_off_reminder_is_not_sent_but_counts_as_done(world):
    world.coach.notifications_off = [path_tasks.STEP_OPEN]
    world.coach.save(update_fields=["notifications_off"])
    started = on_path(world, {"title": "Lyhyt työnohjaus"})
    assert reminders_due() == {"opened": 1, "overdue": 0, "mails": 0}
    assert mail.outbox == []
    assert row(started, 0).reminded_open_at is not None


def test_the_scheduler_runs_the_reminders_and_never_twice(world):
    on_path(world, {"title": "Lyhyt työnohjaus"})
    [job] = [j for j in tasks.periodic_jobs() if j.name == "paths.reminders"]
    now = timezone.now()
    periodic_run_due(now=now, jobs=[job])
    periodic_run_due(now=now, jobs=[job])  # the same slot: not run again
    periodic_run_due(now=now + job.every, jobs=[job])  # the next slot: runs, sends nothing
    assert len(to(world.coach)) == 1


def test_the_job_reads_in_constant_queries(world, django_assert_max_num_queries):
    for _n in range(3):
        person = UserFactory()
        MembershipFactory(user=person, organisation=world.school_a)
        version = PathVersionFactory(template=PathTemplateFactory(organisation=world.oulu))
        PathStepFactory(version=version, position=1, responsible=Responsible.COORDINATOR)
        schedule.path_start(
            version=version, person=person, organisation_id=world.school_a.pk, coach=None
        )
    # The reads: open, overdue, dependencies, coordinators; then per step a claim and a mail
    # queue (a savepoint each).
    with django_assert_max_num_queries(4 + 3 * 6):
        assert path_tasks.reminders_due()["opened"] == 3


def test_today_is_the_date_in_helsinki(world):
    """A run at 22:30 UTC in winter is already the next day in Helsinki (00:30): a step
    opening that day is reminded then, not two hours later."""
    on_path(world, {"title": "Huomenna", "due_after_days": 1, "due_within_days": 3})
    tomorrow = today() + dt.timedelta(days=1)
    moment = timezone.make_aware(
        dt.datetime.combine(tomorrow, dt.time(0, 30)), timezone.get_default_timezone()
    )
    before = moment - dt.timedelta(hours=1)  # 23:30 the day before, in Helsinki
    assert reminders_due(now=before)["opened"] == 0
    assert reminders_due(now=moment)["opened"] == 1
