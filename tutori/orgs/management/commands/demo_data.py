"""Load the demo organisations, people and tutoring (idempotent) and print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from tutori.orgs.demo import DEMO_DOMAIN, DEMO_PASSWORD, LOGINS, demo_load
from tutori.tutoring.demo import tutoring_demo_load


class Command(BaseCommand):
    help = "Load the demo data written from the seed documents; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's bookings would e-mail demo people: nobody should read those.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            counts = demo_load()
            tutoring = tutoring_demo_load()
        self.stdout.write(
            f"Demo data ready: {counts['organisations']} organisations, "
            f"{counts['people']} people, {tutoring.get('tutors', 0)} tutors."
        )
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for local, name, what in LOGINS:
            self.stdout.write(f"  {local + '@' + DEMO_DOMAIN:<28} {name:<22} {what}")
        self.stdout.write("")
        self.stdout.write("Open http://127.0.0.1:8000/ in a browser.")
