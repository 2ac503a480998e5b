"""Load the demo data every app declares (idempotent) and print what it made, logins first."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from tutori.core.registry import demo_steps
from tutori.core.scoping import scopes_disabled

# The demo's bookings would e-mail demo people: nobody should read those, so while the demo
# loads, mail tasks run at once into the in-memory outbox instead of the queue.
QUIET = {
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
}


class Command(BaseCommand):
    help = "Load the demo data written from the seed documents; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        lines: list[str] = []
        with override_settings(**QUIET), scopes_disabled():
            for step in demo_steps():
                lines.extend(step.func() or [])
        for line in lines:
            self.stdout.write(line)
