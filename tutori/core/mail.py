"""Sending mail: the one service every app calls; delivery happens in the task queue."""

from __future__ import annotations

from django.db import transaction

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

    # robust: a queue that cannot take the mail is logged, never an error for a request whose
    # write has already committed.
    transaction.on_commit(enqueue, robust=True)
