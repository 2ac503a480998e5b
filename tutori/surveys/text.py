"""A survey's words in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def localized(obj: Any, field: str, language: str | None = None) -> Any:
    """``obj.<field>`` in ``language`` (the active one by default) when a translation is
    stored in ``obj.translations``; the original wording otherwise."""
    lang = (language or get_language() or "fi")[:2]
    if lang != "fi":
        value = (getattr(obj, "translations", None) or {}).get(lang, {}).get(field)
        if value:
            return value
    return getattr(obj, field)
