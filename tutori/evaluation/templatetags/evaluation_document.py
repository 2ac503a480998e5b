"""Template helpers of the report documents (``evaluation.document``)."""

from __future__ import annotations

from typing import Any

from django import template

from tutori.evaluation import document as doc

register = template.Library()


@register.filter
def cell_text(value: Any) -> str:
    """A table cell as shown on the page and in the PDF."""
    return doc.text_of(value)


@register.filter
def block_kind(block: Any) -> str:
    """ "table", "chart", "text" or "figures": which part of ``_document.html`` draws it."""
    for kind, cls in (
        ("table", doc.Table),
        ("chart", doc.Chart),
        ("text", doc.Text),
        ("figures", doc.Figures),
    ):
        if isinstance(block, cls):
            return kind
    return ""


@register.filter
def numeric_column(table: doc.Table, index: int) -> bool:
    return table.is_numeric(index)


@register.filter
def css_string(value: Any) -> str:
    """``value`` as the inside of a CSS string (a page footer's ``content``): every character
    but letters, digits and spaces as a CSS escape, so nothing can end the string or the
    style element."""
    from django.utils.safestring import mark_safe

    out = "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in str(value)[:120])
    return mark_safe(out)  # noqa: S308 - every character that could end the string is escaped
