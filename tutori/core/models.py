"""Shared tables that belong to no domain: the periodic scheduler's claimed runs."""

from __future__ import annotations

from django.db import models


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
