"""Spreadsheet downloads of a table (a header and rows): CSV the way a Finnish Excel opens it,
and XLSX, also as a report (a title, what it covers, tables with their totals rows). Text that
a spreadsheet would run as a formula is escaped in both, and text is written out without
control characters (core.text.without_unprintable: XLSX refuses them)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import formats
from django.utils.http import content_disposition_header

from tutori.core.text import without_unprintable

# A cell starting with one of these is a formula (or becomes one) in Excel and LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
# Excel refuses these in a sheet's name, and names longer than 31 characters.
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

Row = Sequence[Any]


def cell(value: Any) -> Any:
    """``value`` safe for a spreadsheet: text without control characters, and text that would
    start a formula gets a leading apostrophe (shown as text, never run); numbers and
    everything else are untouched."""
    if not isinstance(value, str):
        return value
    value = without_unprintable(value)
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_text(value: Any) -> str:
    """One CSV cell as text: numbers with the language's decimal separator (a comma in
    Finnish), text escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # what number_format gives a whole number, without its lookups
    if isinstance(value, int | float | Decimal):
        return formats.number_format(value, use_l10n=True)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(cell(str(value)))


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


def csv_write(stream: IO[str], header: Row, rows: Iterable[Row]) -> None:
    """Write a CSV to ``stream`` (text): UTF-8 with a byte-order mark and ``;`` between
    cells, which is what a Finnish spreadsheet opens without asking (it reads ``,`` as the
    decimal separator). The same writer serves a download and a file built in the worker."""
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";")
    writer.writerow([_csv_text(value) for value in header])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])


def csv_response(header: Row, rows: Iterable[Row], *, filename: str) -> HttpResponse:
    """A CSV download (``csv_write``)."""
    buffer = io.StringIO()
    csv_write(buffer, header, rows)
    response = HttpResponse(buffer.getvalue(), content_type=CSV_CONTENT_TYPE)
    return _attachment(response, filename)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return cell(value)


@dataclass(frozen=True)
class Table:
    """One table of a report: an optional title above it, its header, its rows and an
    optional totals row (the header, the title and the totals are in bold)."""

    header: Row
    rows: Sequence[Row]
    total: Row | None = None
    title: str = ""


def _sheet_title(text: str) -> str:
    return _SHEET_TITLE_FORBIDDEN.sub(" ", str(text)).strip()[:31]


def _workbook(sheet_title: str) -> Any:
    from openpyxl import Workbook  # loaded only by the few requests that export

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    title = _sheet_title(sheet_title)
    if title:
        sheet.title = title
    return workbook


def _append(sheet: Any, row: Row, *, bold: bool = False) -> None:
    from openpyxl.styles import Font

    sheet.append([_xlsx_value(value) for value in row])
    if bold:
        for item in sheet[sheet.max_row]:
            item.font = Font(bold=True)


def _xlsx_download(workbook: Any, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE), filename)


def xlsx_write(
    stream: IO[bytes], header: Row, rows: Iterable[Row], *, sheet_title: str = ""
) -> None:
    """Write an XLSX of one sheet to ``stream`` (binary); numbers stay numbers, text is
    escaped. The same writer serves a download and a file built in the worker.

    The workbook is write-only: rows go out as they come instead of every cell being kept
    in memory (100 000 answers: a third faster, and memory that does not grow)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(sheet_title) or None)
    sheet.append([_xlsx_value(value) for value in header])
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    workbook.save(stream)


def xlsx_response(
    header: Row, rows: Iterable[Row], *, filename: str, sheet_title: str = ""
) -> HttpResponse:
    """An XLSX download of one sheet (``xlsx_write``)."""
    buffer = io.BytesIO()
    xlsx_write(buffer, header, rows, sheet_title=sheet_title)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE), filename)


def xlsx_report_response(
    *,
    filename: str,
    title: str,
    facts: Sequence[tuple[str, Any]] = (),
    tables: Sequence[Table] = (),
    sheet_title: str = "",
) -> HttpResponse:
    """An XLSX report on one sheet: ``title``, then what it covers (``facts``: a label and
    a value a row, e.g. the period and the grouping), then each table with its totals row,
    an empty row between the parts. Numbers stay numbers, text is escaped."""
    workbook = _workbook(sheet_title or title)
    sheet = workbook.active
    _append(sheet, [title], bold=True)
    for label, value in facts:
        _append(sheet, [label, value])
    for table in tables:
        sheet.append([])
        if table.title:
            _append(sheet, [table.title], bold=True)
        _append(sheet, table.header, bold=True)
        for row in table.rows:
            _append(sheet, row)
        if table.total is not None:
            _append(sheet, table.total, bold=True)
    return _xlsx_download(workbook, filename)
