"""Sending mail: the one service every app calls; delivery happens in the task queue."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend

from tutori.core.tasks import mail_deliver, mail_discard


def mail_send(
    *,
    to: list[str],
    subject: str,
    body: str,
    from_email: str | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> None:
    """Queue a plain-text mail to be sent once the current transaction commits.

    A rolled-back write sends nothing, and the request never waits on the mail server: the
    worker delivers the mail and retries while the server cannot be reached. Render
    ``subject`` and ``body`` in the recipient's language before calling.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return
    enqueue_with_write(
        mail_deliver,
        to=recipients,
        subject=str(subject),
        body=str(body),
        from_email=from_email,
        attachments=[list(a) for a in attachments or []],
    )


def mail_decoy(*, subject: str, body: str) -> None:
    """Do what ``mail_send`` does, with a message of the same size, and send nothing.

    For an answer that must not tell, not even by how long it takes, whether a mail went out:
    a password reset asked for an address without an account queues a decoy where an account's
    reset queues its mail. The decoy names no recipient.
    """
    enqueue_with_write(mail_discard, to=[], subject=str(subject), body=str(body), from_email=None)


def enqueue_with_write(task: Task[..., Any], **kwargs: Any) -> None:
    """Queue ``task`` so that it runs only if the current write commits."""

    def enqueue() -> None:
        task.enqueue(**kwargs)

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
