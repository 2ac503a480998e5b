"""Reading an uploaded CSV or XLSX table within limits: a crafted file is refused after a
bounded amount of work and memory, with a message that names the limit it passed.

An XLSX file is a ZIP archive of XML parts that openpyxl reads whole (the shared strings,
the styles) or row by row (a sheet). Before openpyxl sees it, the archive's directory is
checked (entries, sizes, compression ratio) and every XML part is streamed once through
expat, counting what openpyxl would build: rows, cells, shared strings, other elements and
the characters of each cell. Sizes a ZIP declares cannot be exceeded when reading (zipfile
stops at the declared size and fails the CRC), so the checks bound the work; measured here, a
legal workbook at every limit at once is read in about a second. Rows are then read in
openpyxl's streaming mode, and reading stops at the first line past a limit.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from django.utils.translation import gettext as _

from tutori.core.errors import ApplicationError

CSV_FIELD_LIMIT_ERROR = "field larger than field limit"

# An XLSX archive: how many entries, how large each XML part and all of them unpacked, and
# how tightly a part may be packed (typical XML packs 5 to 20 times; a bomb thousands).
XLSX_MAX_ENTRIES = 100
XLSX_MAX_PART_BYTES = 10 * 1024 * 1024
XLSX_MAX_TOTAL_BYTES = 25 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_RATIO_FROM_BYTES = 1024 * 1024  # small parts may pack as tightly as they like
# Elements other than rows, cells and strings (styles, fonts, defined names, merged cells,
# rich-text runs, …), all parts together: openpyxl builds an object for each.
XLSX_MAX_OTHER_ELEMENTS = 20_000
# Elements that carry a table's content; everything else counts as "other".
XLSX_CONTENT_ELEMENTS = frozenset({"worksheet", "sheetData", "row", "c", "v", "f", "is", "t"})
XLSX_STRING_TABLE = frozenset({"sst", "si"})
CHUNK_BYTES = 64 * 1024

Lines = Generator[list[str], None, None]


@dataclass(frozen=True)
class TableLimits:
    """What one uploaded table may hold."""

    max_bytes: int
    max_rows: int  # non-blank lines after the header
    cell_chars: int = 1000
    # Cells in the whole file, on average per line: (max_rows + 1) × this.
    cells_per_row: int = 10
    # Columns read from a sheet; cells further right are not read.
    columns: int = 100

    @property
    def lines(self) -> int:
        """Lines read at most, blank ones included."""
        return 2 * (self.max_rows + 1)

    @property
    def cells(self) -> int:
        return self.cells_per_row * (self.max_rows + 1)


def table_rows(*, filename: str, data: bytes, limits: TableLimits) -> list[tuple[int, list[str]]]:
    """The file's non-blank lines as text cells, each with its line number (the first is 1).

    Raises ``ApplicationError`` for a file that cannot be read or passes a limit; reading
    stops there.
    """
    if len(data) > limits.max_bytes:
        raise ApplicationError(
            _("Tiedosto on liian suuri (enintään %(mb)s Mt).")
            % {"mb": limits.max_bytes // (1024 * 1024)}
        )
    if not data.strip():
        raise ApplicationError(_("Tiedosto on tyhjä."))
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        lines = _xlsx_lines(data, limits)
    elif lower.endswith((".csv", ".txt")):
        lines = _csv_lines(data, limits)
    else:
        raise ApplicationError(
            _("Tiedostotyyppiä ei tueta. Käytä CSV- tai XLSX-tiedostoa (.csv, .xlsx).")
        )
    numbered: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(lines, start=1):
            if number > limits.lines:
                raise _too_many_rows(limits)
            if any(len(cell) > limits.cell_chars for cell in cells):
                raise _cell_too_long(limits)
            if any(cell.strip() for cell in cells):
                numbered.append((number, cells))
                if len(numbered) > limits.max_rows + 1:  # the header and max_rows lines
                    raise _too_many_rows(limits)
    finally:
        lines.close()
    return numbered


def _too_many_rows(limits: TableLimits) -> ApplicationError:
    return ApplicationError(
        _("Tiedostossa on liikaa rivejä (enintään %(max)s).") % {"max": limits.max_rows}
    )


def _too_many_cells(limits: TableLimits) -> ApplicationError:
    return ApplicationError(
        _(
            "Tiedostossa on liikaa soluja (enintään %(max)s). Poista ylimääräiset sarakkeet "
            "ja yritä uudelleen."
        )
        % {"max": limits.cells}
    )


def _cell_too_long(limits: TableLimits) -> ApplicationError:
    return ApplicationError(
        _("Tiedostossa on solu, jossa on yli %(max)s merkkiä.") % {"max": limits.cell_chars}
    )


def _not_xlsx() -> ApplicationError:
    return ApplicationError(_("Tiedosto ei ole kelvollinen XLSX-tiedosto."))


def _xlsx_too_large() -> ApplicationError:
    return ApplicationError(
        _(
            "XLSX-tiedosto on purettuna liian suuri tai monimutkainen. Tallenna henkilölista "
            "uuteen tiedostoon tai CSV-muotoon ja yritä uudelleen."
        )
    )


# --- CSV ------------------------------------------------------------------------------------


def _csv_lines(data: bytes, limits: TableLimits) -> Lines:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApplicationError(
            _(
                "Tiedoston merkistö ei ole UTF-8. Tallenna tiedosto muodossa "
                "”CSV UTF-8” ja yritä uudelleen."
            )
        ) from exc
    if "\x00" in text:
        raise ApplicationError(_("Tiedosto ei ole tekstimuotoinen CSV-tiedosto."))
    ends = [i for i in (text.find("\n"), text.find("\r")) if i >= 0]
    first_line = text[: min(ends)] if ends else text
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    # Every delimiter starts a cell: a line of a million semicolons is refused before the
    # reader makes a list of a million cells.
    if text.count(delimiter) > limits.cells:
        raise _too_many_cells(limits)
    return _csv_reader(text, delimiter, limits)


def _csv_reader(text: str, delimiter: str, limits: TableLimits) -> Lines:
    try:
        yield from csv.reader(io.StringIO(text), delimiter=delimiter)
    except csv.Error as exc:
        # The reader refuses a field of more than 128 KiB (an unclosed quote, one huge cell)
        # before it has read more.
        if str(exc).startswith(CSV_FIELD_LIMIT_ERROR):
            raise _cell_too_long(limits) from exc
        raise ApplicationError(_("CSV-tiedostoa ei voi lukea: %(error)s") % {"error": exc}) from exc


# --- XLSX -----------------------------------------------------------------------------------


def _xlsx_lines(data: bytes, limits: TableLimits) -> Lines:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _not_xlsx() from exc
    with archive:
        _xlsx_check_archive(archive)
        scan = _XlsxScan(limits)
        for info in archive.infolist():
            if not info.is_dir():
                scan.part(archive, info)
    return _xlsx_reader(data, limits)


def _xlsx_check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse by the archive's directory alone, before anything is unpacked."""
    infos = archive.infolist()
    if len(infos) > XLSX_MAX_ENTRIES:
        raise _xlsx_too_large()
    total = 0
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _not_xlsx()
        if info.file_size > XLSX_MAX_PART_BYTES:
            raise _xlsx_too_large()
        if info.file_size > XLSX_RATIO_FROM_BYTES and info.file_size > XLSX_MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise _xlsx_too_large()
        total += info.file_size
    if total > XLSX_MAX_TOTAL_BYTES:
        raise _xlsx_too_large()


class _XlsxScan:
    """Streams XML parts through expat once, counting what openpyxl would build from them;
    stops at the first limit passed."""

    def __init__(self, limits: TableLimits) -> None:
        self.limits = limits
        self.rows = 0
        self.cells = 0
        self.strings = 0
        self.others = 0
        self.cell_chars = -1  # -1: outside a cell or a shared string

    def part(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        # A workbook has no document type; one may declare entities that expand (billion
        # laughs), so a part that declares one is refused outright.
        parser.StartDoctypeDeclHandler = self._doctype
        try:
            with archive.open(info) as stream:
                first = stream.read(CHUNK_BYTES)
                if not _looks_like_xml(first):
                    return  # an image or other binary part: openpyxl's reading leaves it
                chunk = first
                while chunk:
                    parser.Parse(chunk, False)
                    chunk = stream.read(CHUNK_BYTES)
                parser.Parse(b"", True)
        except (expat.ExpatError, zipfile.BadZipFile, EOFError, OSError) as exc:
            raise _not_xlsx() from exc

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "c":
            self.cells += 1
            if self.cells > self.limits.cells:
                raise _too_many_cells(self.limits)
            self.cell_chars = 0
        elif local == "si":
            self.strings += 1
            if self.strings > self.limits.cells:
                raise _too_many_cells(self.limits)
            self.cell_chars = 0
        elif local == "row":
            self.rows += 1
            number = attributes.get("r", "")
            if (
                self.rows > self.limits.lines
                or len(number) > 9
                or (number.isdigit() and int(number) > self.limits.lines)
            ):
                raise _too_many_rows(self.limits)
        elif local not in XLSX_CONTENT_ELEMENTS and local not in XLSX_STRING_TABLE:
            self.others += 1
            if self.others > XLSX_MAX_OTHER_ELEMENTS:
                raise _xlsx_too_large()

    def _end(self, name: str) -> None:
        if name.rpartition(" ")[2] in ("c", "si"):
            self.cell_chars = -1

    def _text(self, text: str) -> None:
        if self.cell_chars >= 0:
            self.cell_chars += len(text)
            if self.cell_chars > self.limits.cell_chars:
                raise _cell_too_long(self.limits)

    def _doctype(self, *args: Any) -> None:
        raise _not_xlsx()


def _looks_like_xml(start: bytes) -> bool:
    return start.lstrip(b" \t\r\n").startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))


def _xlsx_reader(data: bytes, limits: TableLimits) -> Lines:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds of errors for a damaged workbook
        raise _not_xlsx() from exc
    try:
        rows = sheet.iter_rows(values_only=True, max_col=limits.columns, max_row=limits.lines)
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as exc:
                raise _not_xlsx() from exc
            # openpyxl pads every row to ``max_col`` with None; the padding is not a cell.
            end = len(values)
            while end and values[end - 1] is None:
                end -= 1
            yield ["" if value is None else str(value) for value in values[:end]]
    finally:
        workbook.close()
