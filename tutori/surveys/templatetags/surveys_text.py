"""A survey's words in the reader's language in templates: ``{{ survey|localized:"title" }}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from tutori.surveys.text import localized as _localized

register = template.Library()


@register.filter
def localized(obj: Any, field: str) -> Any:
    """``obj.<field>`` in the active language when a translation is stored (see
    surveys.text.localized); a section's title may be stored as ``text`` as questions are."""
    value = _localized(obj, field)
    if field == "title" and value == getattr(obj, "title", None):
        lang = (get_language() or "fi")[:2]
        words = (getattr(obj, "translations", None) or {}).get(lang, {}) if lang != "fi" else {}
        return words.get("text") or value
    return value
