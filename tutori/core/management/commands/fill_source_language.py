"""Fill the Finnish catalogue from the msgids: the source texts are written in Finnish."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Copy each Finnish msgid to its empty msgstr in locale/fi (run after makemessages)."

    def handle(self, *args: Any, **options: Any) -> None:
        for locale_dir in settings.LOCALE_PATHS:
            for language in ("fi", "sv", "en"):
                self._header(Path(locale_dir) / language / "LC_MESSAGES" / "django.po", language)
            path = Path(locale_dir) / "fi" / "LC_MESSAGES" / "django.po"
            if not path.exists():
                continue
            catalogue = polib.pofile(str(path))
            filled = 0
            for entry in catalogue:
                if entry.msgid_plural:
                    if not all(entry.msgstr_plural.values()):
                        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                        filled += 1
                elif not entry.msgstr:
                    entry.msgstr = entry.msgid
                    filled += 1
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            catalogue.save()
            self.stdout.write(f"{path}: filled {filled}")

    def _header(self, path: Path, language: str) -> None:
        """A proper header: makemessages leaves a fuzzy template one."""
        if not path.exists():
            return
        catalogue = polib.pofile(str(path))
        catalogue.header = "Tutori user interface texts. Finnish is the source language."
        catalogue.metadata.update(
            {
                "Project-Id-Version": "tutori",
                "Language": language,
                "Language-Team": language,
                "Last-Translator": "Tutori developers",
                "PO-Revision-Date": catalogue.metadata.get("POT-Creation-Date", ""),
                "Content-Type": "text/plain; charset=UTF-8",
            }
        )
        catalogue.metadata_is_fuzzy = False
        catalogue.save()
