"""The report document: the page, the PDF and the XLSX show the same numbers."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from openpyxl import load_workbook
from pypdf import PdfReader

from tutori.core.privacy import subset_shown
from tutori.evaluation import document as doc


def _document() -> doc.Document:
    table = doc.Table(
        "Arviot ennen ja jälkeen",
        ["Taso", "Ennen", "Jälkeen"],
        [["heikosti", "< 5", 0], ["hyvin", 7, Decimal("8.5")]],
        total=["Yhteensä", 16, 12],
        note="Alle viiden vastaajan ryhmät: < 5.",
    )
    chart = doc.Chart(
        "Kuvio: arviot",
        mark_safe('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'),
        "Hyvin arvioineita oli lopussa enemmän.",
        table,
    )
    return doc.Document(
        title="Työvalmentajakoulutus: alku- ja loppuarviointi",
        facts=[("Ohjelma", "WIRE 3"), ("Vastaajia", 16)],
        sections=[
            doc.Section("Yhteenveto", [doc.Figures([("Pareja", 12)]), doc.Text("Muutos on.")]),
            doc.Section("Jakaumat", [chart]),
            doc.Section("Toinen taulukko", [doc.Table("Arviot ennen ja jälkeen", ["A"], [["x"]])]),
        ],
    )


def test_page_shows_every_number_and_the_chart_with_its_table() -> None:
    with translation.override("fi"):
        html = render_to_string("evaluation/partials/_document.html", {"document": _document()})
    for text in (
        "WIRE 3",
        "Pareja",
        "12",
        "&lt; 5",
        "8,5",
        "Hyvin arvioineita",
        "<svg",
        "Yhteensä",
    ):
        assert text in html


@pytest.mark.django_db
def test_pdf_has_the_headings_numbers_and_page_numbers() -> None:
    with translation.override("fi"):
        data = doc.pdf_bytes(_document())
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for expected in (
        "alku- ja loppuarviointi",
        "Jakaumat",
        "< 5",
        "8,5",
        "alku- ja loppuarviointi Sivu 1 / ",
    ):
        assert expected in text


def test_xlsx_has_a_sheet_per_table_with_unique_names_and_numbers_as_numbers() -> None:
    with translation.override("fi"):
        workbook = load_workbook(io.BytesIO(doc.xlsx_bytes(_document())))
    assert workbook.sheetnames == [
        "Raportti",
        "Arviot ennen ja jälkeen",
        "Arviot ennen ja jälkeen 2",
    ]
    sheet = workbook["Arviot ennen ja jälkeen"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("Taso", "Ennen", "Jälkeen")
    assert rows[2] == ("heikosti", "< 5", 0)
    assert rows[3] == ("hyvin", 7, 8.5)
    assert rows[4] == ("Yhteensä", 16, 12)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(5, 5, True), (5, 10, True), (5, 9, False), (4, 20, False), (16, 20, False), (0, 0, False)],
)
def test_a_filter_is_shown_only_when_neither_it_nor_the_rest_is_small(
    part: int, whole: int, expected: bool
) -> None:
    assert subset_shown(part, whole) is expected
