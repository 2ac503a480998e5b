"""Large downloads built in the task worker: the request queues a job and answers at once;
the worker builds the file with core.exports' writers, records how far it has come, and the
person downloads the file from "Omat viennit" (core.export_views) for a week.

An app declares what it exports with ``core.registry.add_exporter(Exporter(name, build,
allowed))``; its view does its own checks (so a refusal is told at once) and then calls
``export_queue``. The job is claimed by one conditional UPDATE (queued → running), so a
second run of the same task does nothing. ``allowed(user, params)`` is asked again before
the file is built and at every download: a person who lost the right gets nothing.

The file is kept in the job's row (see core.models.ExportJob for why): whichever machine
the worker ran on, any app server serves it, and it goes when the row goes.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tutori.core import exports
from tutori.core.models import ExportJob
from tutori.core.registry import Exporter, exporter
from tutori.core.scoping import scopes_disabled

if TYPE_CHECKING:
    from tutori.accounts.models import User

logger = logging.getLogger(__name__)

# How long a finished export can be downloaded before the periodic prune deletes it.
EXPORT_KEPT = timedelta(days=7)
# Progress is written once every this many rows (and at the start and the end), not per row.
PROGRESS_EVERY = 1000
# A job still running after this long lost its worker (a restart, a killed process).
EXPORT_STALE = timedelta(hours=2)

# Why a job failed, as the person reads it; the job stores the key, never a traceback.
ERRORS = {
    "not_allowed": _("Sinulla ei ole enää oikeutta tähän aineistoon."),
    "unavailable": _("Aineistoa ei ole enää saatavilla."),
    "too_few": _(
        "Aineistossa on nyt alle 5 vastausta tai rajaus paljastaisi muiden vastaukset: "
        "vientiä ei tehty yksityisyyden suojaamiseksi."
    ),
    "failed": _("Viennin tekeminen epäonnistui. Yritä uudelleen hetken kuluttua."),
}


class ExportRefused(Exception):
    """A builder's refusal it can name (a key of ``ERRORS``)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key if key in ERRORS else "failed"


def error_message(key: str) -> str:
    return str(ERRORS.get(key, ERRORS["failed"]))


def inline_rows() -> int:
    """Exports of at most this many rows are answered in the request; larger ones queued."""
    return int(getattr(settings, "TUTORI_EXPORT_INLINE_ROWS", 5000))


def _spec(name: str) -> Exporter:
    spec = exporter(name)
    if spec is None:
        raise ExportRefused("unavailable")
    return spec


def export_allowed(job: ExportJob, user: Any | None = None) -> bool:
    """Whether the job's requester (or ``user``) may still have its file."""
    spec = exporter(job.exporter)
    person = user if user is not None else job.requested_by
    return (
        spec is not None
        and bool(getattr(person, "is_active", False))
        and bool(spec.allowed(person, job.params))
    )


def export_queue(
    *,
    user: User,
    exporter_name: str,
    params: dict[str, Any],
    fmt: str,
    title: str,
    filename: str,
) -> ExportJob:
    """Create ``user``'s export job and queue its building (the task row commits with the
    job). The caller has checked the person's right and the data's privacy limits. A second
    press while the same export is still being made follows that job instead."""
    from tutori.core.mail import enqueue_with_write
    from tutori.core.tasks import exports_build

    if fmt not in ExportJob.Format.values:
        raise ValueError(f"unknown export format {fmt!r}")
    if not _spec(exporter_name).allowed(user, params):
        raise ExportRefused("not_allowed")
    unfinished = (
        ExportJob.objects.visible_to(user)
        .filter(
            exporter=exporter_name,
            format=fmt,
            status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING],
        )
        .defer("content")
    )
    same = next((job for job in unfinished if job.params == params), None)
    if same is not None:
        return same
    now = timezone.now()
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=user,
            exporter=exporter_name,
            params=params,
            format=fmt,
            language=get_language() or settings.LANGUAGE_CODE,
            title=title[:300],
            filename=filename[:200],
            expires_at=now + EXPORT_KEPT,
        )
        enqueue_with_write(exports_build, job_id=job.pk)
    return job


class _Progress:
    """``progress(done, total)`` for a builder and the writer: the row is updated when the
    total changes, every ``PROGRESS_EVERY`` rows and at the end — never once per row."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.done = 0
        self.total = 0
        self.written = -1
        self.rows = 0

    def __call__(self, done: int, total: int) -> None:
        changed = total != self.total
        self.done, self.total = done, max(total, done)
        if changed or done - self.written >= PROGRESS_EVERY or done == self.total:
            self._write()

    def _write(self) -> None:
        with scopes_disabled():
            ExportJob.objects.filter(pk=self.job_id).update(done=self.done, total=self.total)
        self.written = self.done

    def counting(self, rows: Iterable[exports.Row]) -> Iterator[exports.Row]:
        """``rows`` as the writer takes them, counted."""
        count = 0
        for row in rows:
            yield row
            count += 1
            if count % PROGRESS_EVERY == 0:
                self(count, max(self.total, count))
        self.rows = count


def _content(built: Any) -> tuple[exports.Row, Iterable[exports.Row], int | None, str]:
    """A builder's answer as (header, rows, how many if known, sheet title)."""
    if isinstance(built, exports.Table):
        return built.header, built.rows, len(built.rows), built.title
    rows = iter(built)
    try:
        header = next(rows)
    except StopIteration:
        raise ExportRefused("unavailable") from None
    return header, rows, None, ""


def _write(
    job: ExportJob,
    stream: IO[bytes],
    header: exports.Row,
    rows: Iterable[exports.Row],
    sheet: str,
) -> None:
    """The file, written to ``stream`` and rewound."""
    if job.format == ExportJob.Format.CSV:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        exports.csv_write(text, header, rows)
        text.flush()
        text.detach()
    else:
        exports.xlsx_write(stream, header, rows, sheet_title=sheet)
    stream.seek(0)


def export_build_run(*, job_id: int) -> str:
    """The worker's part: claim the job, build its file and mark it done (or failed with a
    key of ``ERRORS``). A job already claimed, or gone, is left alone."""
    with scopes_disabled():
        claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.RUNNING, started_at=timezone.now()
        )
        if not claimed:
            return "skipped"
        job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    try:
        _build(job)
    except ExportRefused as refusal:
        _fail(job, refusal.key)
        return refusal.key
    except Exception as error:
        # The type only: an error's text may quote the data being exported.
        logger.error("Export job %s (%s) failed: %s", job.pk, job.exporter, type(error).__name__)
        _fail(job, "failed")
        return "failed"
    return "done"


def _build(job: ExportJob) -> None:
    spec = _spec(job.exporter)
    if not export_allowed(job):
        raise ExportRefused("not_allowed")
    progress = _Progress(job.pk)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        header, rows, total, sheet = _content(spec.build(job, progress))
        if total is not None:
            progress(0, total)
        stream = io.BytesIO()
        _write(job, stream, header, progress.counting(rows), sheet)
        job.rows = progress.rows
        if spec.built is not None:  # e.g. the audit entry: no entry, no download
            spec.built(job)
        with scopes_disabled():
            finished = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
                status=ExportJob.Status.DONE,
                content=stream.getvalue(),
                rows=job.rows,
                done=job.rows,
                total=job.rows,
                finished_at=timezone.now(),
            )
        if not finished:
            logger.info("Export job %s was deleted while it was built", job.pk)


def _fail(job: ExportJob, key: str) -> None:
    with scopes_disabled():
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=key, content=None, finished_at=timezone.now()
        )


@scopes_disabled()
def exports_prune(*, now: Any = None) -> dict[str, int]:
    """Delete expired jobs (their files with them); mark jobs whose worker was lost as
    failed."""
    now = now or timezone.now()
    stale = ExportJob.objects.filter(
        status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING],
        created_at__lt=now - EXPORT_STALE,
    ).update(status=ExportJob.Status.FAILED, error="failed", finished_at=now)
    deleted, _counts = ExportJob.objects.filter(expires_at__lt=now).delete()
    return {"expired": deleted, "stale": stale}
