"""Mails built in the task worker: ``core.notify.notify_later``."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django_tasks.signals import task_enqueued

from tests.factories import SlotFactory
from tutori.core.notify import notify_later
from tutori.tutoring.models import Booking
from tutori.tutoring.services.booking import booking_cancel, booking_create


def test_an_undeclared_event_is_a_programming_error(db: Any) -> None:
    with pytest.raises(LookupError):
        notify_later("nobody.declared_this", booking=1)


def test_a_booking_queues_one_build_task_and_renders_nothing_in_the_request(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    slot = SlotFactory(tutor=world.tutor, organisation=world.school_a)
    enqueued: list[tuple[str, dict[str, Any]]] = []

    def record(sender: Any, task_result: Any, **kwargs: Any) -> None:
        enqueued.append((task_result.task.module_path, task_result.kwargs))

    task_enqueued.connect(record)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            booking = booking_create(person=world.member, slot=slot, need="Wilma")
        # Before the commit: nothing queued, nothing rendered.
        assert enqueued == [] and mail.outbox == []
        with django_capture_on_commit_callbacks(execute=True):  # the mails the worker queues
            for callback in callbacks:
                callback()
    finally:
        task_enqueued.disconnect(record)
    built = [kwargs for path, kwargs in enqueued if path.endswith("notifications_build")]
    assert built == [
        {
            "event": "tutoring.booking_made",
            "arguments": {"booking": booking.pk, "status": Booking.Status.CONFIRMED},
        }
    ]
    # The worker (here the immediate backend) built the booker's receipt and the tutor's news.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.member.email, world.tutor.email])


def test_the_receipt_tells_the_status_the_booking_got_even_if_cancelled_before_the_worker(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    slot = SlotFactory(tutor=world.tutor, organisation=world.school_a)
    with django_capture_on_commit_callbacks() as made:
        booking = booking_create(person=world.member, slot=slot, need="Wilma")
    with django_capture_on_commit_callbacks() as cancelled:
        booking_cancel(booking=booking, by=world.member, reason="Sairastuin")
    # The worker runs both only now, in the order they were queued.
    with django_capture_on_commit_callbacks(execute=True):  # the mails the worker queues
        for callback in [*made, *cancelled]:
            callback()
    receipts = [m for m in mail.outbox if m.to == [world.member.email]]
    assert len(receipts) == 1 and receipts[0].subject.startswith("Varaus vahvistettu")
    to_tutor = [m.subject for m in mail.outbox if m.to == [world.tutor.email]]
    assert any(s.startswith("Uusi varaus") for s in to_tutor)
    assert any(s.startswith("Varaus peruttiin") for s in to_tutor)
