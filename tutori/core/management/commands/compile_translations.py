"""Compile the committed .po files to .mo without GNU gettext (a fresh machine lacks it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile tutori/locale/*/LC_MESSAGES/*.po to .mo files."
    # Like Django's compilemessages: no database, no settings to check (a fresh checkout
    # without EMAIL_BACKEND must still build).
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
        if options["verbosity"] > 0:
            self.stdout.write(f"compiled {compiled} translation file(s)")
