"""Roster files that try to exhaust the server (spreadsheet and CSV bombs) are refused with a
clear message after a bounded amount of work: each is read under tracemalloc and must stay
below 100 MB, where the files the demo was attacked with took up to 636 MB and 30 seconds.

The bombs are built here, small on disk: a ZIP of an ordinary workbook whose shared-strings
or sheet part is written in a stream of repeated XML.
"""

from __future__ import annotations

import functools
import io
import struct
import tracemalloc
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings
from openpyxl import Workbook

from tutori.orgs import roster
from tutori.orgs.models import RosterImport

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
SHARED_STRINGS_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
)
HEADER = ["name", "email", "organisation", "role"]
MB = 1024 * 1024


# --- Building workbooks ---------------------------------------------------------------------


def _base_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _chunks(start: bytes, repeated: bytes, times: int, end: bytes) -> Iterator[bytes]:
    yield start
    block = 100_000
    for done in range(0, times, block):
        yield repeated * min(block, times - done)
    yield end


def xlsx(
    *,
    sheet: Iterator[bytes] | None = None,
    shared_strings: Iterator[bytes] | None = None,
    replace: dict[str, bytes] | None = None,
    extra: int = 0,
) -> bytes:
    """An openpyxl workbook with its sheet, shared strings or any part replaced (written as
    a stream, so a part of hundreds of megabytes costs no memory here)."""
    base = zipfile.ZipFile(io.BytesIO(_base_workbook()))
    replace = replace or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in base.infolist():
            name = info.filename
            content = replace.get(name, base.read(name))
            if name == "xl/worksheets/sheet1.xml" and sheet is not None:
                _write_stream(out, name, sheet)
                continue
            if shared_strings is not None and name == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
                    + SHARED_STRINGS_TYPE.encode()
                    + b'"/></Types>',
                )
            if shared_strings is not None and name == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="'
                    + SHARED_STRINGS_REL.encode()
                    + b'" Target="sharedStrings.xml"/></Relationships>',
                )
            out.writestr(name, content)
        if shared_strings is not None:
            _write_stream(out, "xl/sharedStrings.xml", shared_strings)
        for number in range(extra):
            out.writestr(f"customXml/item{number}.xml", b"<a/>")
    return buffer.getvalue()


def _write_stream(out: zipfile.ZipFile, name: str, chunks: Iterator[bytes]) -> None:
    with out.open(name, "w", force_zip64=True) as stream:
        for chunk in chunks:
            stream.write(chunk)


def shared_strings(entries: int, text: bytes = b"") -> Iterator[bytes]:
    start = f'<sst xmlns="{MAIN}" count="{entries}" uniqueCount="{entries}">'.encode()
    return _chunks(start, b"<si><t>" + text + b"</t></si>", entries, b"</sst>")


def sheet_rows(rows: Iterator[bytes]) -> Iterator[bytes]:
    yield f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
    yield from rows
    yield b"</sheetData></worksheet>"


def numbered_rows(count: int) -> Iterator[bytes]:
    header = "".join(
        f'<c r="{column}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for column, name in zip("ABCD", HEADER, strict=True)
    )
    yield f'<row r="1">{header}</row>'.encode()
    for number in range(2, count + 2):
        yield (
            f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>Henkilö {number}'
            f'</t></is></c><c r="B{number}" t="inlineStr"><is><t>h{number}@example.fi'
            f"</t></is></c></row>"
        ).encode()


def declared_sizes_shrunk(data: bytes, name: str, file_size: int) -> bytes:
    """The archive with ``name``'s uncompressed size in the central directory replaced by a
    smaller one: a ZIP may lie about what it unpacks to."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(name)
    assert info.file_size > file_size
    directory = bytearray(data)
    position = 0
    encoded = name.encode()
    while True:
        position = directory.find(b"PK\x01\x02", position)
        assert position >= 0, name
        length = struct.unpack_from("<H", directory, position + 28)[0]
        if bytes(directory[position + 46 : position + 46 + length]) == encoded:
            break
        position += 4
    extra_length = struct.unpack_from("<H", directory, position + 30)[0]
    if struct.unpack_from("<I", directory, position + 24)[0] == 0xFFFFFFFF:
        # ZIP64: the sizes are in the extra field (uncompressed first).
        extra = position + 46 + length
        end = extra + extra_length
        while extra < end:
            tag, size = struct.unpack_from("<HH", directory, extra)
            if tag == 1:
                struct.pack_into("<Q", directory, extra + 4, file_size)
                break
            extra += 4 + size
    else:
        struct.pack_into("<I", directory, position + 24, file_size)
    return bytes(directory)


@functools.cache
def twenty_million_shared_strings() -> bytes:
    """The attack's 830 KB file: 20 million shared strings, 240 MB unpacked."""
    return xlsx(shared_strings=shared_strings(20_000_000))


# --- Checking under a memory limit ----------------------------------------------------------


def refused(world: Any, filename: str, data: bytes) -> str:
    """Check the file as Oulu's coordinator; return the one problem, asserting that the
    check stayed below 100 MB of memory and saved nothing."""
    tracemalloc.start()
    try:
        check = roster.roster_check(by=world.coordinator, filename=filename, data=data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * MB, f"peak {peak / MB:.0f} MB"
    assert not check.ok
    assert check.preview is None
    assert not RosterImport._default_manager.exists()
    assert len(check.problems) == 1
    return check.problems[0].message


TOO_LARGE = "XLSX-tiedosto on purettuna liian suuri tai monimutkainen"


# --- XLSX -----------------------------------------------------------------------------------


def test_twenty_million_shared_strings_are_refused_by_the_archive_directory(world):
    bomb = twenty_million_shared_strings()
    assert len(bomb) < MB
    assert TOO_LARGE in refused(world, "lista.xlsx", bomb)


def test_a_cell_of_400_mb_is_refused_by_the_archive_directory(world):
    start = f'<sst xmlns="{MAIN}"><si><t>'.encode()
    bomb = xlsx(shared_strings=_chunks(start, b"a" * 4000, 100_000, b"</t></si></sst>"))
    assert len(bomb) < MB
    assert TOO_LARGE in refused(world, "lista.xlsx", bomb)


def test_a_million_rows_are_refused_by_the_archive_directory(world):
    bomb = xlsx(sheet=sheet_rows(_chunks(b"", b"<row><c><v>1</v></c></row>", 1_000_000, b"")))
    assert len(bomb) < MB
    assert TOO_LARGE in refused(world, "lista.xlsx", bomb)


def test_shared_strings_that_lie_about_their_size_are_counted_while_streaming(world):
    """The directory says 5 MB; the part would unpack to 240 MB. Reading stops at the
    string past the limit (the declared size is where zipfile would stop in any case)."""
    bomb = declared_sizes_shrunk(twenty_million_shared_strings(), "xl/sharedStrings.xml", 5 * MB)
    assert "liikaa soluja (enintään 50010)" in refused(world, "lista.xlsx", bomb)


def test_a_sheet_that_lies_about_its_size_stops_at_the_row_limit(world):
    bomb = declared_sizes_shrunk(
        xlsx(sheet=sheet_rows(_chunks(b"", b"<row/>", 50_000_000, b""))),
        "xl/worksheets/sheet1.xml",
        5 * MB,
    )
    assert "liikaa rivejä (enintään 5000)" in refused(world, "lista.xlsx", bomb)


@override_settings(ROSTER_MAX_ROWS=100)
def test_a_sheet_with_more_rows_than_allowed_is_refused_while_streaming(world):
    data = xlsx(sheet=sheet_rows(numbered_rows(150)))
    assert "liikaa rivejä (enintään 100)" in refused(world, "lista.xlsx", data)


def test_a_row_numbered_a_million_is_refused(world):
    """openpyxl would hand out the million empty rows before it."""
    data = xlsx(sheet=sheet_rows(iter([b'<row r="1000000"><c><v>1</v></c></row>'])))
    assert "liikaa rivejä" in refused(world, "lista.xlsx", data)


def test_more_cells_than_ten_a_row_are_refused(world):
    row = b"<row>" + b"<c><v>1</v></c>" * 60_000 + b"</row>"
    data = xlsx(sheet=sheet_rows(iter([row])))
    assert "liikaa soluja (enintään 50010)" in refused(world, "lista.xlsx", data)


def test_a_shared_string_longer_than_a_cell_may_be_is_refused(world):
    data = xlsx(shared_strings=shared_strings(1, b"x" * 1001))
    assert "solu, jossa on yli 1000 merkkiä" in refused(world, "lista.xlsx", data)


def test_an_inline_cell_longer_than_a_cell_may_be_is_refused(world):
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"x" * 5000 + b"</t></is></c></row>"
    data = xlsx(sheet=sheet_rows(iter([row])))
    assert "solu, jossa on yli 1000 merkkiä" in refused(world, "lista.xlsx", data)


def test_entities_that_expand_are_refused(world):
    """A billion laughs in the shared strings: a workbook declares no document type."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "hahahahahahahahahaha">'
        + b"".join(
            b"<!ENTITY "
            + bytes([98 + level])
            + b' "'
            + (b"&" + bytes([97 + level]) + b";") * 10
            + b'">'
            for level in range(8)
        )
        + b']><sst xmlns="'
        + MAIN.encode()
        + b'"><si><t>&i;</t></si></sst>'
    )
    data = xlsx(shared_strings=iter([laughs]))
    assert "ei ole kelvollinen XLSX-tiedosto" in refused(world, "lista.xlsx", data)


def test_styles_of_a_hundred_thousand_fonts_are_refused(world):
    styles = (
        f'<styleSheet xmlns="{MAIN}"><fonts count="100000">'.encode()
        + b'<font><sz val="11"/></font>' * 100_000
        + b"</fonts></styleSheet>"
    )
    data = xlsx(replace={"xl/styles.xml": styles})
    assert TOO_LARGE in refused(world, "lista.xlsx", data)


def test_an_archive_of_many_entries_is_refused(world):
    assert TOO_LARGE in refused(world, "lista.xlsx", xlsx(extra=200))


def test_a_workbook_at_the_row_limit_is_read(world):
    rows = [HEADER] + [
        [f"Henkilö {n}", f"h{n}@example.fi", "Koulu A" if n % 2 else "Koulu B", "member"]
        for n in range(5000)
    ]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    check = roster.roster_check(by=world.coordinator, filename="lista.xlsx", data=buffer.getvalue())
    assert check.ok, check.problems[:3]
    assert len(check.rows) == 5000


# --- CSV ------------------------------------------------------------------------------------

CSV_HEADER = b"name;email;organisation;role\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(b"x" * (4 * MB), "solu, jossa on yli 1000 merkkiä", id="one-huge-line"),
        pytest.param(b'"' + b"x" * (4 * MB), "solu, jossa on yli 1000 merkkiä", id="open-quote"),
        pytest.param(b"a;b\n" * 20_000, "liikaa rivejä (enintään 5000)", id="many-rows"),
        pytest.param(b"a\n" * 1_000_000, "liikaa rivejä (enintään 5000)", id="a-million-rows"),
        pytest.param(b"\n" * (4 * MB), "liikaa rivejä (enintään 5000)", id="blank-lines"),
        pytest.param(b";" * (4 * MB), "liikaa soluja (enintään 50010)", id="one-wide-line"),
    ],
)
def test_csv_bombs_are_refused_early(world, body, expected):
    assert expected in refused(world, "lista.csv", CSV_HEADER + body)


def test_a_large_body_is_refused_unread_on_any_url(client, world):
    """Django writes an uploaded file to disk while it reads any POST's form; a request
    larger than the largest roster and form is answered before that."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    big = SimpleUploadedFile("iso.bin", b"x" * (25 * MB))
    response = client.post(reverse("accounts:login"), {"username": "a@b.fi", "file": big})
    assert response.status_code == 413
    assert "Lähetys on liian suuri" in response.content.decode()


def test_the_upload_page_shows_the_refusal(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(world.coordinator)
    upload = SimpleUploadedFile("lista.xlsx", twenty_million_shared_strings())
    response = client.post(reverse("orgs:import"), {"file": upload})
    assert response.status_code == 400
    assert TOO_LARGE in response.content.decode()
