"""Check, and with --apply import, a roster file as a given coordinator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tutori.accounts.models import User, email_normalise
from tutori.core.errors import ApplicationError
from tutori.orgs import roster


class Command(BaseCommand):
    help = "Check a roster (CSV or XLSX); with --apply, import it in one transaction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or XLSX file: name, email, organisation, role")
        parser.add_argument(
            "--as",
            dest="as_email",
            required=True,
            help="e-mail of the coordinator (or admin) the import is made as",
        )
        parser.add_argument("--apply", action="store_true", help="import after a clean check")
        parser.add_argument(
            "--base-url",
            help="the site's address in invitation links (default: TUTORI_SITE_URL)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if path.stat().st_size > settings.ROSTER_MAX_BYTES:
            raise CommandError(f"The file is larger than {settings.ROSTER_MAX_BYTES} bytes.")
        by = User.objects.filter(email=email_normalise(options["as_email"]), is_active=True).first()
        if by is None:
            raise CommandError("No active user with that e-mail.")
        try:
            check = roster.roster_check(by=by, filename=path.name, data=path.read_bytes())
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error
        if not check.ok:
            for problem in check.problems:
                prefix = f"line {problem.line}: " if problem.line else ""
                self.stderr.write(f"{prefix}{problem.message}")
            raise CommandError(f"{len(check.problems)} problem(s); nothing was imported.")
        assert check.preview is not None
        summary = check.preview.summary
        self.stdout.write(
            f"{summary['total']} rows: {summary['add']} to add (people new to Tutori at once, "
            f"people with an account by invitation), {summary['change']} role changes, "
            f"{summary['unchanged']} unchanged."
        )
        if not options["apply"]:
            self.stdout.write("Checked only; run again with --apply to import.")
            return
        try:
            roster.roster_apply(
                by=by, roster_import=check.preview, request_base_url=options["base_url"]
            )
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(self.style.SUCCESS("Imported."))
