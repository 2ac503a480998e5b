"""Writes around a survey's results: the audit entry of every export of its answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditlog.models import LogEntry

from tutori.surveys.models import Survey

if TYPE_CHECKING:
    from tutori.accounts.models import User


def results_export_record(
    *, survey: Survey, by: User, fmt: str, rows: int, covers: str, with_names: bool
) -> LogEntry:
    """Who took the survey's answers out, when, as what and how many: an access entry in
    the audit trail (auditlog's save signals never see a read)."""
    entry: LogEntry = LogEntry.objects.log_create(
        survey,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=by,
        actor_email=getattr(by, "email", None),
        changes={
            "export": [
                "",
                f"{fmt}; {rows} rows; {covers}; " + ("names" if with_names else "no names"),
            ]
        },
    )
    return entry
