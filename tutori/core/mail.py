"""Sending mail: the one service every app calls; delivery happens in the task queue."""

from __future__ import annotations

from django.db import transaction
from django_tasks_db.backend import DatabaseBackend

from tutori.core.tasks import mail_deliver


def mail_send(*, to: list[str], subject: str, body: str, from_email: str | None = None) -> None:
    """Queue a plain-text mail to be sent once the current transaction commits.

    A rolled-back write sends nothing, and the request never waits on the mail server: the
    worker delivers the mail and retries while the server cannot be reached. Render
    ``subject`` and ``body`` in the recipient's language before calling.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return
    subject, body = str(subject), str(body)

    def enqueue() -> None:
        mail_deliver.enqueue(to=recipients, subject=subject, body=body, from_email=from_email)

    if transaction.get_connection().in_atomic_block and _queue_is_this_database():
        # An outbox: the task row commits (or rolls back) with the write that caused it, in
        # the same transaction, instead of a second write after the commit.
        enqueue()
        return
    # robust: a queue that cannot take the mail is logged, never an error for a request whose
    # write has already committed.
    transaction.on_commit(enqueue, robust=True)


def _queue_is_this_database() -> bool:
    backend = mail_deliver.get_backend()
    return isinstance(backend, DatabaseBackend)
