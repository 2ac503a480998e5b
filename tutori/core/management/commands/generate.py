"""Deterministic synthetic data at the size of a school, a municipality or a whole country.

    tutori generate --scale small|municipal|national [--seed N]

The steps are the generators the apps declare (core.registry), so each app adds its own
data to the same run. Everything is written with bulk inserts through the project's models.
A database that already holds generated (or any) organisations is refused: generate into a
new database.
"""

from __future__ import annotations

import sys
import time
from random import Random
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from tutori.core.registry import generator_steps
from tutori.core.scoping import scopes_disabled

# National: 300 municipalities, 3 000 schools, 60 000 people, 3 000 tutors with a year of
# weekly times (about 600 000 bookings and 400 000 logged sessions). Municipal is a
# hundredth of that; small is about the demo's size.
SCALES: dict[str, dict[str, int]] = {
    "small": {"municipalities": 1, "schools": 5, "people": 100},
    "municipal": {"municipalities": 3, "schools": 30, "people": 600},
    "national": {"municipalities": 300, "schools": 3000, "people": 60000},
}


class Command(BaseCommand):
    help = "Generate deterministic synthetic data for the benchmark (into an empty database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = apps.get_model("orgs", "Organisation")
        with scopes_disabled():
            exists = organisation.objects.exists()
        if exists:
            raise CommandError(
                "This database already holds organisations; generate refuses to run twice. "
                "Point DATABASE_URL at a new database (e.g. sqlite:///var/bench-national.sqlite3)."
            )
        scale = SCALES[options["scale"]]
        rng = Random(options["seed"])
        state: dict[str, Any] = {}
        started = time.monotonic()

        def progress(what: str, done: int, total: int | None = None) -> None:
            total = total or done
            width = 30
            filled = int(width * done / total) if total else width
            bar = "#" * filled + "." * (width - filled)
            elapsed = time.monotonic() - started
            sys.stderr.write(f"\r  [{bar}] {what}: {done:,}/{total:,}  {elapsed:6.1f} s")
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()

        self.stdout.write(f"Generating scale {options['scale']} (seed {options['seed']})")
        for step in generator_steps():
            with transaction.atomic(), scopes_disabled():
                step.func(scale=scale, rng=rng, state=state, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.1f} s: {len(state.get('schools', []))} "
                f"schools, {state.get('bookings', 0):,} bookings, "
                f"{state.get('sessions', 0):,} logged sessions."
            )
        )
