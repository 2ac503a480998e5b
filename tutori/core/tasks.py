"""Background tasks shared by every app: mail delivery with retries and periodic jobs.

Tasks run on the django-tasks backend named in ``settings.TASKS`` (the database queue that
``tutori worker`` drains, or the immediate backend in tests). Logs name task ids and attempt
numbers only: a task's arguments may hold addresses and message bodies, which are personal
data, and the database queue keeps them only until ``task_results_prune`` deletes the row.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import TaskContext, task
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from tutori.core.models import PeriodicRun

logger = logging.getLogger(__name__)

# --- Mail -----------------------------------------------------------------------------------

# Attempt n that fails waits min(2**(n-1) minutes, 1 hour) before attempt n+1: 1, 2, 4, 8,
# 16, 32, 60 minutes, about two hours in all before the mail is given up.
MAIL_MAX_ATTEMPTS = 8
MAIL_FIRST_RETRY = timedelta(minutes=1)
MAIL_LONGEST_RETRY = timedelta(hours=1)


class MailNotSent(Exception):
    """A mail was given up. Its message names the task and attempt, never the recipients."""


def mail_retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt number ``attempt`` (1 for the first)."""
    return min(MAIL_FIRST_RETRY * 2 ** (attempt - 1), MAIL_LONGEST_RETRY)


@task(takes_context=True)
def mail_deliver(
    context: TaskContext,
    *,
    to: list[str],
    subject: str,
    body: str,
    from_email: str | None = None,
    attachments: list[list[str]] | None = None,
    attempt: int = 1,
) -> str:
    """Send one mail; when the server cannot be reached, try again later with back-off.

    A backend that cannot defer (the immediate one) gets one attempt: retrying there would
    block the caller or loop, so the failure is recorded and the mail is given up.
    """
    task_id = context.task_result.id
    try:
        message = EmailMessage(subject=subject, body=body, from_email=from_email, to=to)
        for filename, content, mimetype in attachments or []:
            message.attach(filename, content, mimetype)
        message.send()
    except Exception as error:
        reason = type(error).__name__
        # OSError covers a refused connection and every smtplib.SMTPException: worth another
        # try later. Anything else (a malformed message) would fail the same way again.
        transient = isinstance(error, OSError)
    else:
        return "sent"
    this_task = context.task_result.task
    if not transient or attempt >= MAIL_MAX_ATTEMPTS or not this_task.get_backend().supports_defer:
        logger.warning(
            "Mail task %s failed (%s) at attempt %d of %d; given up",
            task_id,
            reason,
            attempt,
            MAIL_MAX_ATTEMPTS,
        )
        # Raised outside the handler, without the original exception: its text may name the
        # recipients, and the queue stores the traceback of what a task raises.
        raise MailNotSent(f"task {task_id}: attempt {attempt} failed ({reason}); given up")
    delay = mail_retry_delay(attempt)
    retry = this_task.using(run_after=timezone.now() + delay).enqueue(
        to=to,
        subject=subject,
        body=body,
        from_email=from_email,
        attachments=attachments,
        attempt=attempt + 1,
    )
    logger.warning(
        "Mail task %s failed (%s) at attempt %d; retry %s in %d s",
        task_id,
        reason,
        attempt,
        retry.id,
        delay.total_seconds(),
    )
    return "retrying"


@task()
def mail_discard(
    *,
    to: list[str],
    subject: str,
    body: str,
    from_email: str | None = None,
    attachments: list[list[str]] | None = None,
) -> str:
    """The decoy of ``mail_deliver`` (``core.mail.mail_decoy``): queued like a mail, sends
    nothing."""
    return "discarded"


# --- Periodic jobs --------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    task: Task[[], Any]


# --- Mails built in the worker ---------------------------------------------------------------


@task()
def notifications_build(*, event: str, arguments: dict[str, Any]) -> str:
    """Build the mails of an app's notification event (``core.notify.notify_later``): the
    request that caused them only queued this task, with the ids the builder reads."""
    from tutori.core.registry import registry
    from tutori.core.scoping import scopes_disabled

    with scopes_disabled():
        registry.notification_events[event].build(**arguments)
    return "built"


_periodic_jobs: dict[str, PeriodicJob] = {}


def periodic(name: str, every: timedelta, task: Task[[], Any]) -> None:
    """Run ``task`` (a task without arguments) once in every ``every`` while `tutori scheduler`
    runs. Apps call this from their ``AppConfig.ready()``; a name is declared once."""
    if name in _periodic_jobs:
        raise ValueError(f"periodic job {name!r} is declared twice")
    if len(name) > PeriodicRun.JOB_MAX_LENGTH:
        raise ValueError(f"periodic job name {name!r} is too long")
    if every < timedelta(minutes=1):
        raise ValueError("periodic jobs run at most once a minute")
    _periodic_jobs[name] = PeriodicJob(name=name, every=every, task=task)


def periodic_jobs() -> list[PeriodicJob]:
    return sorted(_periodic_jobs.values(), key=lambda job: job.name)


def periodic_slot(moment: datetime, every: timedelta) -> datetime:
    """The start of the slot of length ``every`` that ``moment`` falls in (slots are counted
    from the Unix epoch, so every scheduler computes the same slots)."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return epoch + ((moment - epoch) // every) * every


def periodic_claim(*, job: PeriodicJob, slot: datetime) -> bool:
    """Claim ``slot`` of ``job`` and enqueue its task; False when the slot was already taken.

    The claim and the enqueue share one transaction, so with the database queue a job is
    either claimed and queued or neither. The losing insert of a race changes nothing.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(job=job.name, slot=slot)
        except IntegrityError:
            return False
        job.task.enqueue()
    return True


def periodic_run_due(
    *, now: datetime | None = None, jobs: Iterable[PeriodicJob] | None = None
) -> list[str]:
    """Enqueue every job whose current slot nobody has claimed yet; return their names."""
    now = now or timezone.now()
    started = []
    for job in periodic_jobs() if jobs is None else jobs:
        if periodic_claim(job=job, slot=periodic_slot(now, job.every)):
            logger.info("Periodic job %s enqueued", job.name)
            started.append(job.name)
    return started


# --- Housekeeping ---------------------------------------------------------------------------

# Finished task rows hold the mails' addresses and bodies: keep them a week for tracing a
# failure, then delete them (with the scheduler's claims of the same age).
TASK_RESULTS_KEPT = timedelta(days=7)


@task()
def task_results_prune() -> dict[str, int]:
    """Delete finished task results and periodic claims older than ``TASK_RESULTS_KEPT``."""
    cutoff = timezone.now() - TASK_RESULTS_KEPT
    results, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    claims, _ = PeriodicRun.objects.filter(slot__lt=cutoff).delete()
    logger.info("Pruned %d task results and %d periodic claims", results, claims)
    return {"task_results": results, "periodic_claims": claims}


# --- Exports built in the worker ------------------------------------------------------------


@task()
def exports_build(*, job_id: int) -> str:
    """Build the file of an export job (core.export_jobs); a second run does nothing."""
    from tutori.core.export_jobs import export_build_run

    return export_build_run(job_id=job_id)


@task()
def exports_prune() -> dict[str, int]:
    """Delete expired exports with their files (daily)."""
    from tutori.core.export_jobs import exports_prune as prune

    return prune()
