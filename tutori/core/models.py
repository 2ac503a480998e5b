"""Shared tables that belong to no domain: the periodic scheduler's claimed runs, the
exports built in the task worker and the stamps that tell kept pages they are stale."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tutori.core.scoping import ScopedModel, visibility


class PeriodicRun(models.Model):
    """One run of a periodic job in one time slot.

    The unique (job, slot) pair is what makes two schedulers safe side by side: both try to
    insert the row, the database lets one win, and only the winner enqueues the job. The
    table is the scheduler's bookkeeping, shown in no page or form, so it has no UI texts.
    """

    JOB_MAX_LENGTH = 100

    job = models.CharField(max_length=JOB_MAX_LENGTH)
    slot = models.DateTimeField()
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="core_periodicrun_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot.isoformat()}"


class Stamp(models.Model):
    """A counter an app raises whenever the data under ``name`` changes (in the write's
    transaction), so a page kept in a process's cache can ask one small question — has it
    changed? — instead of reading that data again (``core.stamps``). Bookkeeping, in no page
    or form."""

    NAME_MAX_LENGTH = 100

    name = models.CharField(max_length=NAME_MAX_LENGTH, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} #{self.version}"


# --- Exports built in the task worker -------------------------------------------------------


class ExportJob(ScopedModel):
    """A large download built in the task worker (core.export_jobs): what was asked (an
    exporter of core.registry, its parameters: ids and filter values, no personal data), how
    far it is, and the file once done. A person's own: only the requester sees it, and only
    while the exporter still allows them (checked again at download). Deleted when it
    expires.

    The file is kept in the row (``content``), not under MEDIA_ROOT: app servers and task
    workers share nothing but the database (README, "Running several app servers"), so the
    file a worker on one machine builds is downloaded through any server; it has no URL, a
    view that checks the person serves it; and it goes with its row (an expiry, an erased
    person, a deleted account), leaving no orphan file. A week of exports is a few
    megabytes each (100 000 answers: 3.4 MB as XLSX)."""

    scope_path = "requested_by"

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    class Status(models.TextChoices):
        QUEUED = "queued", _("jonossa")
        RUNNING = "running", _("tekeillä")
        DONE = "done", _("valmis")
        FAILED = "failed", _("epäonnistui")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    exporter = models.CharField(max_length=100)
    params = models.JSONField(default=dict, blank=True)
    format = models.CharField(max_length=8, choices=Format.choices)
    # The language the file's headings and labels are written in (the requester's).
    language = models.CharField(max_length=8, blank=True)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    filename = models.CharField(max_length=200)
    rows = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    # Why it failed, as a key of core.export_jobs.ERRORS (shown translated; never a traceback).
    error = models.CharField(max_length=40, blank=True)
    # The file once built (last: reading the other columns never reads through it).
    content = models.BinaryField(null=True, blank=True, editable=False)

    class Meta(ScopedModel.Meta):
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="core_export_mine"),
            models.Index(fields=["expires_at"], name="core_export_expires"),
        ]

    def __str__(self) -> str:
        return f"{self.exporter} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


@visibility(ExportJob)
def _export_jobs_visible(qs: Any, user: Any) -> Any:
    """An export is its requester's alone (an administrator's included)."""
    if user is None or not user.is_authenticated:
        return qs.none()
    return qs.filter(requested_by=user)
