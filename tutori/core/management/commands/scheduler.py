"""`tutori scheduler`: enqueue the periodic jobs apps declare with tutori.core.tasks.periodic."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from tutori.core.tasks import periodic_jobs, periodic_run_due


class Command(BaseCommand):
    help = (
        "Enqueue each periodic job once per its interval. Several schedulers may run at once: "
        "each time slot of a job is claimed in the database by one of them."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="check the jobs once and exit (for cron, tests)"
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=30.0,
            help="seconds between checks (default: %(default)s)",
        )

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        verbose = options["verbosity"] > 0
        if verbose and not once:
            names = ", ".join(job.name for job in periodic_jobs()) or "none"
            self.stdout.write(f"Scheduler started; jobs: {names}")
        try:
            while True:
                for name in periodic_run_due():
                    if verbose:
                        self.stdout.write(f"Enqueued {name}")
                if once:
                    return
                # A long-running process: drop connections past CONN_MAX_AGE, as a request would.
                close_old_connections()
                time.sleep(interval)
        except KeyboardInterrupt:
            if verbose:
                self.stdout.write("Scheduler stopped")
