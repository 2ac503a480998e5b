"""Evaluation's main flow in a browser (part D): the coordinator of seed 004's WIRE 3 pilot
(the demo's numbers: 16 pre and 12 post self-assessments, a feedback survey whose grades
average 8) goes from the menu to "Koulutusten arviointi", opens the programme's pre/post
report (12 pairs), filters it by one organisation, downloads it as a PDF (the headings and
the pair count in its text) and an XLSX (it opens), then opens the funder report of the same
programme and downloads its PDF (page numbers). Then the same pages on a 360 × 740 phone.
Axe on every page; every page fits the phone."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import check_a11y, signed_in_page
from tests.browser.test_small_screens import OVERFLOW
from tests.evaluation.factories import seed004

TITLE = "Työvalmentajakoulutus (WIRE 3)"
# The pre/post report computes a Wilcoxon test per statement and area; with ties among a
# dozen pairs scipy runs a permutation test, which takes seconds on a busy machine.
SLOW = 90_000


@pytest.fixture(autouse=True)
def _patient() -> Iterator[None]:
    expect.set_options(timeout=SLOW)
    yield
    expect.set_options(timeout=5_000)  # Playwright's default, for the tests after these


def _checked(page: Page) -> None:
    check_a11y(page)
    assert page.evaluate(OVERFLOW) is None, page.url


def _download(page: Page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    path = info.value.path()
    with open(path, "rb") as file:
        return file.read()


def _pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def test_the_coordinator_reads_filters_and_downloads_the_pre_post_report(
    live_server: Any, login: Any, a11y: Any
) -> None:
    data = seed004()
    page = login(data.coordinator)
    page.set_default_timeout(SLOW)
    a11y(page)
    page.get_by_role("link", name="Koulutusten arviointi").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Koulutusten arviointi")
    a11y(page)
    row = page.get_by_role("row").filter(has_text=TITLE)
    row.get_by_role("link", name="Alku- ja loppuarviointi").click()

    # The pre/post report: the pairs and the areas of seed 004.
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    a11y(page)
    expect(page.get_by_role("heading", name="Vastaajat ja parit")).to_be_visible()
    expect(page.get_by_role("heading", name="Ammatillinen osaaminen")).to_be_visible()
    pairs = page.locator("#prepost-pairs .key-figures")
    expect(pairs.locator("div", has_text="Täydet parit")).to_contain_text("12")
    expect(pairs.locator("div", has_text="Vain alussa")).to_contain_text("< 5")

    # Filter by one organisation (Tekevä: five pairs, eleven others: allowed).
    page.get_by_label("Vastaajien organisaatio").select_option(label="Tekevä")
    page.get_by_role("button", name="Näytä").click()
    expect(page).to_have_url(re.compile(r"/prepost/\?org=\d+$"))
    a11y(page)
    expect(page.locator(".facts")).to_contain_text("Tekevä")

    # The downloads keep the filter: the PDF names the organisation, both open.
    text, pages = _pdf_text(_download(page, "Lataa PDF"))
    assert TITLE in text
    assert "Vastaajat ja parit" in text and "Ammatillinen osaaminen" in text
    assert "Tekevä" in text
    assert f"Sivu 1 / {pages}" in text
    workbook = load_workbook(io.BytesIO(_download(page, "Lataa Excel (XLSX)")))
    assert workbook.sheetnames[0] == "Raportti"
    assert len(workbook.sheetnames) > 2

    # Unfiltered, the PDF gives the seed's 12 pairs.
    page.get_by_label("Vastaajien organisaatio").select_option(label="Kaikki")
    page.get_by_role("button", name="Näytä").click()
    a11y(page)
    text, _pages = _pdf_text(_download(page, "Lataa PDF"))
    assert "Vastaajat ja parit" in text
    assert "Täydet parit 12" in text

    # The funder report of the same programme, from the index.
    page.get_by_role("link", name="Koulutusten arviointi").last.click()
    page.get_by_role("row").filter(has_text=TITLE).get_by_role(
        "link", name="Rahoittajaraportti"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Rahoittajaraportti: {TITLE}")
    a11y(page)
    for heading in ("Koulutuksen eteneminen", "Vastaajat ja parit", "Palautekysely"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    text, pages = _pdf_text(_download(page, "Lataa PDF"))
    assert f"Rahoittajaraportti: {TITLE}" in text
    assert "Koulutuksen eteneminen" in text and "Palautekysely" in text
    assert pages > 1 and f"Sivu {pages} / {pages}" in text
    workbook = load_workbook(io.BytesIO(_download(page, "Lataa Excel (XLSX)")))
    assert workbook["Raportti"]["A1"].value == f"Rahoittajaraportti: {TITLE}"


def test_the_evaluation_pages_fit_a_phone(live_server: Any, browser: Browser) -> None:
    data = seed004()
    page = signed_in_page(browser, live_server.url, data.coordinator, phone=True)
    page.set_default_timeout(SLOW)
    pk = data.programme.pk
    for path in (
        "/evaluation/",
        f"/evaluation/programmes/{pk}/prepost/",
        f"/evaluation/funder/?programme={pk}",
        "/evaluation/funder/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        _checked(page)
