"""Shared tables that belong to no domain: the periodic scheduler's claimed runs and the
exports built in the task worker."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
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


# --- Exports built in the task worker -------------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """Files under MEDIA_ROOT that have no public URL: only a view that checks the person
    serves them (nothing serves MEDIA_ROOT, and ``url()`` refuses). Readable by the
    service's own user alone."""

    def __init__(self) -> None:
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    def url(self, name: str | None) -> str:
        raise ValueError("private files have no URL; a view serves them")


_private_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _private_storage


def export_file_path(job: ExportJob, filename: str) -> str:
    """A path nobody guesses: a random name in the exports folder (the name the person sees
    is ``ExportJob.filename``)."""
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"exports/{secrets.token_urlsafe(24)}.{suffix}"


class ExportJob(ScopedModel):
    """A large download built in the task worker (core.export_jobs): what was asked (an
    exporter of core.registry, its parameters: ids and filter values, no personal data), how
    far it is, and the file once done. A person's own: only the requester sees it, and only
    while the exporter still allows them (checked again at download). Deleted with its file
    when it expires."""

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
    file = models.FileField(
        storage=private_storage, upload_to=export_file_path, max_length=200, blank=True
    )
    filename = models.CharField(max_length=200)
    rows = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    # Why it failed, as a key of core.export_jobs.ERRORS (shown translated; never a traceback).
    error = models.CharField(max_length=40, blank=True)

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


@receiver(post_delete, sender=ExportJob)
def _export_file_delete(sender: Any, instance: ExportJob, **kwargs: Any) -> None:
    """The file goes with its row (an expiry, an erased person, a deleted account), once the
    deletion commits."""
    name = instance.file.name
    if name:
        storage = instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
