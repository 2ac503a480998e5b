"""Template helpers of the report documents (``evaluation.document``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from tutori.evaluation import document as doc

register = template.Library()


@register.filter
def cell_text(value: Any) -> str:
    """A table cell as shown on the page and in the PDF."""
    return doc.text_of(value)


def _row(table: doc.Table, row: Any) -> str:
    cells = []
    for index, value in enumerate(row):
        text = conditional_escape(doc.text_of(value))
        if index == 0:
            cells.append(f'<th scope="row">{text}</th>')
        elif table.is_numeric(index):
            cells.append(f'<td class="num">{text}</td>')
        else:
            cells.append(f"<td>{text}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


@register.simple_tag
def table_rows(table: doc.Table) -> SafeString:
    """The rows of a table as HTML, drawn in one pass: a national report's table has
    thousands of cells, which the template engine drew in tens of milliseconds. The first
    cell of a row heads it; numeric columns are aligned right (``num``); every value is
    escaped."""
    return mark_safe("\n".join(_row(table, row) for row in table.rows))  # noqa: S308 - escaped


@register.simple_tag
def table_total(table: doc.Table) -> SafeString:
    """The total row of a table as HTML (as ``table_rows``)."""
    return mark_safe(_row(table, table.total)) if table.total else mark_safe("")  # noqa: S308


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
