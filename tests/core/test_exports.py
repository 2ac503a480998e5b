"""Spreadsheet downloads: what a person typed is never run as a formula; numbers stay numbers;
odd characters stored in text never break a download."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import TopicFactory, TutoringSessionFactory
from tutori.core.exports import cell, csv_response, xlsx_response


@pytest.mark.parametrize(
    ("typed", "exported"),
    [
        ("=1+1", "'=1+1"),
        ("+358 40 123", "'+358 40 123"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tpiilossa", "'\tpiilossa"),
        ("\rpiilossa", "'\rpiilossa"),
        ("Koulu A", "Koulu A"),
        ("1+1=", "1+1="),
        ("", ""),
    ],
)
def test_text_that_would_start_a_formula_gets_an_apostrophe(typed, exported):
    assert cell(typed) == exported


@pytest.mark.parametrize("number", [-2, 0, 3, -1.5, Decimal("-0.5"), None])
def test_numbers_and_empty_cells_are_untouched(number):
    assert cell(number) is number


def _csv_table(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


def test_csv_is_a_finnish_spreadsheets_semicolons_and_decimal_commas():
    response = csv_response(
        ["Aihe", "Tunnit", "Henkilöt"],
        [['=HYPERLINK("x")', Decimal("-1.5"), 12], ["Äidinkieli; kirjoitus", 2.0, "< 5"]],
        filename="raportti.csv",
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="raportti.csv"'
    assert _csv_table(response) == [
        ["Aihe", "Tunnit", "Henkilöt"],
        ['\'=HYPERLINK("x")', "-1,5", "12"],
        ["Äidinkieli; kirjoitus", "2,0", "< 5"],
    ]


def test_csv_of_no_rows_is_the_header():
    assert _csv_table(csv_response(["Koulu"], [], filename="x.csv")) == [["Koulu"]]


def test_xlsx_keeps_numbers_as_numbers_and_escapes_text():
    response = xlsx_response(
        ["Aihe", "Tunnit", "Henkilöt"],
        [["@komento", Decimal("1.5"), 7], ["-miinus", -2, "< 5"]],
        filename="raportti.xlsx",
        sheet_title="Tunnit [kevät]: 2026/1",
    )
    assert "spreadsheetml" in response["Content-Type"]
    assert response["Content-Disposition"] == 'attachment; filename="raportti.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.title == "Tunnit  kevät   2026 1"
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Aihe", "Tunnit", "Henkilöt"],
        ["'@komento", 1.5, 7],
        ["'-miinus", -2, "< 5"],
    ]


# --- Odd text stored ------------------------------------------------------------------------------


def test_cells_lose_the_control_characters_a_spreadsheet_refuses():
    assert cell("Arvi\x1bointi\u202e\x0b") == "Arviointi"
    assert cell("rivi 1\nrivi 2\tsarkain") == "rivi 1\nrivi 2\tsarkain"
    assert cell("\x00=1+1") == "'=1+1"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_report_with_odd_text_stored_still_exports(client, world, fmt):
    # A topic named before these rules (or by a service past them): the export must open.
    topic = TopicFactory(organisation=world.oulu, name="=Arvi\x1bointi\u202e\x0b")
    TutoringSessionFactory(tutor=world.tutor, organisation=world.school_a, topic=topic)
    client.force_login(world.coordinator)
    response = client.get(reverse("tutoring:report_hours_export", args=[fmt]), {"group": "topic"})
    assert response.status_code == 200
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        assert "'=Arviointi" in [row[0] for row in sheet.iter_rows(values_only=True)]
    else:
        assert "'=Arviointi;" in response.content.decode("utf-8")


def test_whole_numbers_in_a_csv_are_written_as_the_language_formats_them():
    from django.utils import formats, translation

    from tutori.core.exports import _csv_text

    with translation.override("fi"):
        for n in (0, 7, -12, 1234567, 10**20):
            assert _csv_text(n) == formats.number_format(n, use_l10n=True)
        assert _csv_text(1.5) == "1,5"
