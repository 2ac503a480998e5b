"""Background work: mail goes through the task queue, survives a mail server that is down,
and periodic jobs run once per slot however many schedulers run."""

from __future__ import annotations

import contextlib
import io
import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from django_tasks.signals import task_enqueued
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max

from tests.factories import SlotFactory
from tutori.core import tasks
from tutori.core.mail import mail_send
from tutori.core.models import PeriodicRun
from tutori.core.tasks import (
    MAIL_MAX_ATTEMPTS,
    PeriodicJob,
    mail_retry_delay,
    periodic,
    periodic_claim,
    periodic_jobs,
    periodic_run_due,
)
from tutori.tutoring.models import Booking
from tutori.tutoring.services.booking import booking_create

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
UNREACHABLE = "tests.core.test_tasks.UnreachableMailServer"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class UnreachableMailServer(BaseEmailBackend):
    """A mail server nobody answers: every send fails as a refused connection does."""

    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError(111, "Connection refused")


def run_worker_batch() -> None:
    """What `tutori worker --batch` does: run every task that is due, then return."""
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def shift_clock(monkeypatch: pytest.MonkeyPatch, by: timedelta) -> None:
    later = timezone.now() + by
    monkeypatch.setattr(timezone, "now", lambda: later)


def no_personal_data_in(text: str, *secrets: str) -> bool:
    return not any(secret in text for secret in secrets)


# --- Mail through the queue ----------------------------------------------------------------


def test_mail_is_enqueued_after_commit_and_sent_by_the_task(db, django_capture_on_commit_callbacks):
    enqueued: list[str] = []

    def record(sender, task_result, **kwargs):  # type: ignore[no-untyped-def]
        enqueued.append(task_result.task.module_path)

    task_enqueued.connect(record)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            mail_send(to=["liisa@example.fi"], subject="Hei", body="Tervetuloa")
        assert enqueued == [] and mail.outbox == []  # nothing before the commit
        for callback in callbacks:
            callback()
    finally:
        task_enqueued.disconnect(record)
    assert enqueued == ["tutori.core.tasks.mail_deliver"]
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["liisa@example.fi"], "Hei", "Tervetuloa")
    ]


def test_a_rolled_back_booking_sends_nothing(world, django_capture_on_commit_callbacks):
    slot = SlotFactory(tutor=world.tutor, organisation=world.school_a)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        booking_create(person=world.member, slot=slot, need="Wilma")
        raise RuntimeError("the surrounding write failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Booking._default_manager.filter(slot=slot).exists()


def test_mail_without_any_address_is_not_enqueued(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        mail_send(to=[""], subject="Hei", body="Tervetuloa")
    assert callbacks == [] and mail.outbox == []


def test_a_booking_succeeds_while_the_mail_server_is_down(
    client, world, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = UNREACHABLE
    caplog.set_level(logging.DEBUG)
    slot = SlotFactory(tutor=world.tutor, organisation=world.school_a)
    client.force_login(world.member)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("tutoring:book", args=[slot.pk]), {"need": "Wilma-apu"})
    assert response.status_code == 302
    assert Booking._default_manager.get(slot=slot, person=world.member).need == "Wilma-apu"
    assert callbacks  # the mail was tried, after the commit
    assert mail.outbox == []
    assert "given up" in caplog.text  # the immediate backend cannot retry: one attempt
    assert no_personal_data_in(caplog.text, world.member.email, "Wilma-apu")


def test_retry_delays_double_from_a_minute_up_to_an_hour():
    assert [mail_retry_delay(n) for n in range(1, 9)] == [
        timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60)
    ]


# --- The real database queue ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_holds_mail_until_the_worker_sends_it(settings):
    settings.TASKS = DATABASE_QUEUE
    with contextlib.suppress(RuntimeError), transaction.atomic():
        mail_send(to=["pekka@example.fi"], subject="Hei", body="Peruttu")
        raise RuntimeError("the write fails")
    assert not DBTaskResult.objects.exists()  # the task row rolled back with the write
    with transaction.atomic():
        mail_send(to=["liisa@example.fi"], subject="Hei", body="Tervetuloa")
        # An outbox: the task row is written in the same transaction as the write itself.
        assert DBTaskResult.objects.count() == 1
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "tutori.core.tasks.mail_deliver" and queued.status == "READY"
    assert mail.outbox == []

    run_worker_batch()

    assert [m.to for m in mail.outbox] == [["liisa@example.fi"]]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL" and queued.return_value == "sent"


@pytest.mark.django_db(transaction=True)
def test_a_booking_mail_waits_for_the_server_and_is_sent_when_it_comes_back(
    world, settings, caplog, monkeypatch
):
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_BACKEND = UNREACHABLE
    caplog.set_level(logging.DEBUG)
    # One mail to follow: the tutor does not take news of new bookings.
    world.tutor.notifications_off = ["tutoring.tutor_booked"]
    world.tutor.save(update_fields=["notifications_off"])
    slot = SlotFactory(tutor=world.tutor, organisation=world.school_a)
    booking = booking_create(person=world.member, slot=slot, need="Wilma-apu")
    assert booking.status == Booking.Status.CONFIRMED

    run_worker_batch()  # the first attempt meets the refused connection

    assert mail.outbox == []
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=50)
    run_worker_batch()  # not due yet: nothing happens
    assert DBTaskResult.objects.get(pk=retry.pk).status == "READY"

    settings.EMAIL_BACKEND = LOCMEM  # the server is back
    shift_clock(monkeypatch, timedelta(minutes=2))
    run_worker_batch()

    assert [m.to for m in mail.outbox] == [[world.member.email]]
    assert "Varaus vahvistettu" in mail.outbox[0].subject
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    assert no_personal_data_in(caplog.text, world.member.email, "Wilma-apu")


@pytest.mark.django_db(transaction=True)
def test_mail_is_given_up_after_the_last_attempt_without_naming_the_recipient(
    settings, caplog, monkeypatch
):
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_BACKEND = UNREACHABLE
    caplog.set_level(logging.DEBUG)
    mail_send(to=["liisa@example.fi"], subject="Hei", body="Salainen viesti")

    for _attempt in range(MAIL_MAX_ATTEMPTS + 2):  # more rounds than attempts: no loop
        run_worker_batch()
        shift_clock(monkeypatch, timedelta(hours=1, minutes=1))

    results = DBTaskResult.objects.order_by("enqueued_at")
    assert results.count() == MAIL_MAX_ATTEMPTS
    assert [r.args_kwargs["kwargs"].get("attempt", 1) for r in results] == list(
        range(1, MAIL_MAX_ATTEMPTS + 1)
    )
    last = results.last()
    assert last is not None and last.status == "FAILED"
    assert last.exception_class_path == "tutori.core.tasks.MailNotSent"
    assert not DBTaskResult.objects.ready().exists()
    assert mail.outbox == []
    assert no_personal_data_in(last.traceback, "liisa@example.fi", "Salainen viesti")
    assert no_personal_data_in(caplog.text, "liisa@example.fi", "Salainen viesti")


# --- Periodic jobs --------------------------------------------------------------------------

RUNS: list[str] = []


@task()
def record_run() -> None:
    RUNS.append("ran")


@pytest.fixture
def job():  # type: ignore[no-untyped-def]
    RUNS.clear()
    yield PeriodicJob(name="test.record_run", every=timedelta(hours=1), task=record_run)
    RUNS.clear()


def test_two_claims_of_the_same_slot_give_one_run(db, job):
    moment = datetime(2026, 3, 2, 10, 15, tzinfo=UTC)
    assert periodic_run_due(now=moment, jobs=[job]) == ["test.record_run"]
    assert periodic_run_due(now=moment + timedelta(minutes=40), jobs=[job]) == []
    assert RUNS == ["ran"]
    assert PeriodicRun.objects.get().slot == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

    assert periodic_run_due(now=moment + timedelta(hours=1), jobs=[job]) == ["test.record_run"]
    assert RUNS == ["ran", "ran"]


@pytest.mark.django_db(transaction=True)
def test_racing_schedulers_claim_a_slot_once(job):
    slot = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    barrier = threading.Barrier(6)
    won: list[bool] = []

    def scheduler() -> None:
        try:
            barrier.wait()
            won.append(periodic_claim(job=job, slot=slot))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(won) == [False] * 5 + [True]
    assert RUNS == ["ran"]
    assert PeriodicRun.objects.count() == 1


def _finished_result(*, days_ago: float, status: str = "SUCCESSFUL") -> DBTaskResult:
    finished = timezone.now() - timedelta(days=days_ago)
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {"to": ["liisa@example.fi"]}},
        task_path="tutori.core.tasks.mail_deliver",
        backend_name="default",
        run_after=get_date_max(),
        status=status,
        finished_at=finished if status != "READY" else None,
    )


def test_the_scheduler_prunes_old_task_results_once_a_day(db):
    old = _finished_result(days_ago=8)
    old_failure = _finished_result(days_ago=8, status="FAILED")
    recent = _finished_result(days_ago=2)
    waiting = _finished_result(days_ago=8, status="READY")
    out = io.StringIO()

    call_command("scheduler", "--once", stdout=out)
    call_command("scheduler", "--once", stdout=out)

    assert out.getvalue().count("Enqueued core.task_results_prune") == 1
    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert old.pk not in remaining and old_failure.pk not in remaining
    assert {recent.pk, waiting.pk} <= remaining
    assert PeriodicRun.objects.filter(job="core.task_results_prune").count() == 1


def test_core_declares_its_prune_job_and_a_name_is_declared_once(monkeypatch, job):
    assert "core.task_results_prune" in [j.name for j in periodic_jobs()]
    monkeypatch.setattr(tasks, "_periodic_jobs", {})
    periodic("test.record_run", every=timedelta(hours=1), task=record_run)
    with pytest.raises(ValueError, match="declared twice"):
        periodic("test.record_run", every=timedelta(hours=2), task=record_run)
    with pytest.raises(ValueError, match="once a minute"):
        periodic("test.too_often", every=timedelta(seconds=10), task=record_run)
