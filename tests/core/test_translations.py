"""Every text in the UI has a Finnish and a Swedish translation (and English)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "tutori" / "locale"


def _entries(language: str) -> list[polib.POEntry]:
    return list(polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po")))


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_message_is_translated_and_none_is_fuzzy(language):
    missing = [
        e.msgid
        for e in _entries(language)
        if not e.obsolete
        and ("fuzzy" in e.flags or not (e.msgstr or all(e.msgstr_plural.values())))
    ]
    assert not missing, f"{language}: {len(missing)} untranslated: {missing[:20]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogues_hold_every_message_of_the_source(tmp_path):
    """Extract the messages again and compare: a new msgid without a translation fails."""
    copy = tmp_path / "tutori"
    shutil.copytree(
        ROOT / "tutori", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static")
    )
    (copy / "locale").mkdir(exist_ok=True)
    # Without settings, makemessages writes only into the copy's own locale/ folder.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "fi",
            "--no-obsolete",
            "-v",
            "0",
        ],
        cwd=copy,
        env=env,
        check=True,
        timeout=300,
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/fi/LC_MESSAGES/django.po"))}
    for language in ("fi", "sv", "en"):
        committed = {e.msgid for e in _entries(language) if e.msgstr or e.msgstr_plural}
        missing = sorted(extracted - committed)
        assert not missing, f"{language}: run `make messages` and translate: {missing[:20]}"
