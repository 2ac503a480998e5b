"""Finland's public holidays (the ``holidays`` package) with their names in Tutori's
languages: the days weekly tutoring times skip, and the days a copied programme's sessions
should not land on."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays
from django.utils.translation import get_language

# Tutori's languages and the ``holidays`` package's names for them.
_HOLIDAY_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


@lru_cache(maxsize=64)
def _holidays_of(year: int, language: str) -> dict[date, str]:
    return dict(holidays.Finland(years=year, language=language).items())


def _language(language: str | None) -> str:
    code = (language or get_language() or "fi")[:2]
    return _HOLIDAY_LANGUAGES.get(code, "fi")


def public_holidays(first: date, until: date, language: str | None = None) -> dict[date, str]:
    """Finland's public holidays from ``first`` to ``until`` with their names (in the
    active language unless ``language`` is given)."""
    lang = _language(language)
    found: dict[date, str] = {}
    for year in range(first.year, until.year + 1):
        for day, name in _holidays_of(year, lang).items():
            if first <= day <= until:
                found[day] = name
    return dict(sorted(found.items()))


def holiday_name(day: date, language: str | None = None) -> str | None:
    """The name of the public holiday on ``day``, or None."""
    return _holidays_of(day.year, _language(language)).get(day)
