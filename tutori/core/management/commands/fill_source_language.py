"""Fill the Finnish catalogue from the msgids (the source texts are Finnish); drop fuzzy guesses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Copy each Finnish msgid to its msgstr in locale/fi; empty fuzzy sv/en guesses."
    # Like Django's compilemessages: no database, no settings to check (a fresh checkout
    # without EMAIL_BACKEND must still build).
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        for locale_dir in settings.LOCALE_PATHS:
            for language in ("fi", "sv", "en"):
                self._header(Path(locale_dir) / language / "LC_MESSAGES" / "django.po", language)
            for language in ("sv", "en"):
                self._drop_fuzzy(Path(locale_dir) / language / "LC_MESSAGES" / "django.po")
            path = Path(locale_dir) / "fi" / "LC_MESSAGES" / "django.po"
            if not path.exists():
                continue
            catalogue = polib.pofile(str(path))
            filled = 0
            for entry in catalogue:
                # The source language: the text is the msgid itself, always (a fuzzy
                # match by msgmerge must not leave another text in place).
                if entry.msgid_plural:
                    wanted = {0: entry.msgid, 1: entry.msgid_plural}
                    if entry.msgstr_plural != wanted:
                        entry.msgstr_plural = wanted
                        filled += 1
                elif entry.msgstr != entry.msgid:
                    entry.msgstr = entry.msgid
                    filled += 1
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            catalogue.save()
            self.stdout.write(f"{path}: filled {filled}")

    def _drop_fuzzy(self, path: Path) -> None:
        """A fuzzy guess by msgmerge is another text's translation: empty it to be translated."""
        if not path.exists():
            return
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
                entry.previous_msgid_plural = None
                if entry.msgid_plural:
                    entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
                else:
                    entry.msgstr = ""
        catalogue.save()

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
