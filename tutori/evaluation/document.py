"""A report as a document: the one shape every evaluation report takes, so that its page, its
PDF and its XLSX show the same numbers.

A selector builds a ``Document`` (a title, what it covers, sections of texts, tables and
charts) from numbers that have already passed small-group suppression (``core.privacy``:
"< 5" and "–" are text in a cell, the same in all three outputs). Three renderers turn it
into a page (``evaluation/partials/_document.html``, included by the report's own page),
a PDF for funders (``pdf_bytes``: weasyprint, A4, Finnish hyphenation, page numbers, charts
as vector graphics) and an XLSX (``xlsx_bytes``: a sheet of what it covers and the texts,
then one sheet per table, a chart's data table included).

A chart is never only a picture: it has a text alternative (``alt``) and its data table,
shown beside it on the page and printed under it in the PDF.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone, translation
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tutori.core.exports import XLSX_CONTENT_TYPE, cell
from tutori.core.pdf import pdf_from_template

PDF_CONTENT_TYPE = "application/pdf"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Table:
    """A table: a caption, its header, rows and an optional totals row. Cells are numbers
    (int, Decimal, float), text (a suppressed count is the text "< 5" or "–") or None
    (empty). ``numeric`` says which columns hold numbers (right-aligned); by default every
    column but the first."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    total: Sequence[Any] | None = None
    note: str = ""
    numeric: Sequence[int] | None = None
    sheet: str = ""

    def is_numeric(self, index: int) -> bool:
        return index in self.numeric if self.numeric is not None else index > 0


@dataclass(frozen=True)
class Chart:
    """A picture of numbers: ``svg`` (vector, from ``core.charts`` or ``evaluation.charts``),
    named by ``title``, described in words by ``alt`` (what a reader would see in it), and
    ``table`` (the same numbers, shown beside it)."""

    title: str
    svg: SafeString
    alt: str
    table: Table


@dataclass(frozen=True)
class Text:
    """A paragraph. ``tone``: "" (plain), "note" (how to read the report, e.g. why pairs
    are missing) or "suppressed" (something was left out as too few answered)."""

    text: str
    tone: str = ""


@dataclass(frozen=True)
class Figures:
    """Key figures in a row (label, value): "Vastaajia alussa 16", "Pareja 12"."""

    items: Sequence[tuple[str, Any]]


Block = Table | Chart | Text | Figures


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    anchor: str = ""


@dataclass
class Document:
    """A report: ``title``, what it covers (``facts``: label and value, e.g. the programme,
    the period, the organisation filter), its ``sections``, and the file name (without
    extension) of its downloads."""

    title: str
    facts: list[tuple[str, Any]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    filename: str = ""

    def tables(self) -> list[Table]:
        """Every table, a chart's data table included, in the order shown."""
        out: list[Table] = []
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Table):
                    out.append(block)
                elif isinstance(block, Chart):
                    out.append(block.table)
        return out

    def file_name(self, extension: str) -> str:
        base = slugify(self.filename or self.title)[:80] or "raportti"
        return f"{base}.{extension}"


def text_of(value: Any) -> str:
    """A cell as text, the way the page and the PDF show it: numbers in the language's
    format (a decimal comma in Finnish), dates as dates, None as nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("kyllä") if value else _("ei")
    if isinstance(value, int | float | Decimal):
        return str(formats.number_format(value, use_l10n=True))
    if isinstance(value, datetime):
        return str(formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT"))
    if isinstance(value, date):
        return str(formats.date_format(value, "SHORT_DATE_FORMAT"))
    return str(value)


# --- PDF ----------------------------------------------------------------------------------------


def pdf_bytes(document: Document) -> bytes:
    """The document as an A4 PDF in the current language."""
    return pdf_from_template(
        "evaluation/document_pdf.html",
        {
            "document": document,
            "language": translation.get_language() or "fi",
            "printed_on": timezone.localdate(),
        },
    )


# --- XLSX ---------------------------------------------------------------------------------------


def _sheet_name(text: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", str(text)).strip()[:28] or _("Taulukko")
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base[: 27 - len(str(n))]} {n}"
    taken.add(name.casefold())
    return name


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return cell(value)


def xlsx_bytes(document: Document) -> bytes:
    """The document as a workbook: a first sheet of the title, what it covers and the texts,
    then one sheet per table (numbers stay numbers; suppressed cells are the text shown on
    the page)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None  # a new workbook always has one sheet
    taken: set[str] = set()
    summary.title = _sheet_name(_("Raportti"), taken)
    summary.append([cell(document.title)])
    summary["A1"].font = bold
    for label, value in document.facts:
        summary.append([cell(str(label)), _xlsx_value(value)])
    for section in document.sections:
        summary.append([])
        summary.append([cell(section.title)])
        summary.cell(row=summary.max_row, column=1).font = bold
        for block in section.blocks:
            if isinstance(block, Text):
                summary.append([cell(block.text)])
            elif isinstance(block, Figures):
                for label, value in block.items:
                    summary.append([cell(str(label)), _xlsx_value(value)])
            elif isinstance(block, Chart):
                summary.append([cell(block.alt)])
    for table in document.tables():
        sheet = workbook.create_sheet(_sheet_name(table.sheet or table.title, taken))
        sheet.append([cell(table.title)])
        sheet["A1"].font = bold
        sheet.append([cell(str(h)) for h in table.header])
        for item in sheet[sheet.max_row]:
            item.font = bold
        for row in table.rows:
            sheet.append([_xlsx_value(v) for v in row])
        if table.total is not None:
            sheet.append([_xlsx_value(v) for v in table.total])
            for item in sheet[sheet.max_row]:
                item.font = bold
        if table.note:
            sheet.append([])
            sheet.append([cell(table.note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Responses ----------------------------------------------------------------------------------


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


def download(document: Document, fmt: str) -> HttpResponse:
    """The document as a ``pdf`` or ``xlsx`` download."""
    if fmt == "pdf":
        data, content_type = pdf_bytes(document), PDF_CONTENT_TYPE
    elif fmt == "xlsx":
        data, content_type = xlsx_bytes(document), XLSX_CONTENT_TYPE
    else:
        raise ValueError(fmt)
    return _attachment(HttpResponse(data, content_type=content_type), document.file_name(fmt))


def query_without_format(request: HttpRequest) -> str:
    """The page's filters as a query string, for its download links."""
    query = request.GET.copy()
    query.pop("format", None)
    return query.urlencode()
