"""Spreadsheet downloads of a table (a header and rows): CSV the way a Finnish Excel opens it,
and XLSX. Text that a spreadsheet would run as a formula is escaped in both, and text is
written out without control characters (core.text.without_unprintable: XLSX refuses them)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import formats
from django.utils.http import content_disposition_header

from tutori.core.text import without_unprintable

# A cell starting with one of these is a formula (or becomes one) in Excel and LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
    if isinstance(value, int | float | Decimal):
        return formats.number_format(value, use_l10n=True)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(cell(str(value)))


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


def csv_response(header: Row, rows: Iterable[Row], *, filename: str) -> HttpResponse:
    """A CSV download: UTF-8 with a byte-order mark and ``;`` between cells, which is what a
    Finnish spreadsheet opens without asking (it reads ``,`` as the decimal separator)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_csv_text(value) for value in header])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return cell(value)


def xlsx_response(
    header: Row, rows: Iterable[Row], *, filename: str, sheet_title: str = ""
) -> HttpResponse:
    """An XLSX download of one sheet; numbers stay numbers, text is escaped."""
    from openpyxl import Workbook  # loaded only by the few requests that export

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    title = _SHEET_TITLE_FORBIDDEN.sub(" ", str(sheet_title)).strip()[:31]
    if title:
        sheet.title = title
    sheet.append([_xlsx_value(value) for value in header])
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE), filename)
