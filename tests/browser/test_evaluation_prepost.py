"""The pre/post report in a browser (part P): seed 004's coordinator opens WIRE 3's pre/post
report, reads the pairs and a chart with its table, filters by the one organisation large
enough, downloads the PDF and the XLSX; then the page on a 360 × 740 phone. Axe on every
page; the page fits the phone."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import check_a11y, signed_in_page
from tests.browser.test_small_screens import OVERFLOW
from tests.evaluation.factories import seed004


def _path(s: Any) -> str:
    return f"/evaluation/programmes/{s.programme.pk}/prepost/"


def test_the_coordinator_reads_filters_and_downloads_the_prepost_report(live_server, login, a11y):
    s = seed004()
    page: Page = login(s.coordinator)
    page.set_default_timeout(30_000)  # the first report draws its charts
    page.goto(f"{live_server.url}{_path(s)}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alku- ja loppuarviointi")
    expect(page.locator("dl.key-figures")).to_contain_text("Täydet parit")
    expect(page.locator("dl.key-figures")).to_contain_text("12")
    area = page.locator("section", has=page.get_by_role("heading", name="Ammatillinen osaaminen"))
    expect(area.get_by_role("img").first).to_be_visible()
    expect(
        area.get_by_role("table", name="Vastausjakaumat: Ammatillinen osaaminen")
    ).to_be_visible()
    expect(
        area.get_by_role("table", name="Muutos pareittain: Ammatillinen osaaminen")
    ).to_contain_text("tilastollisesti merkitsevä")
    a11y(page)

    page.get_by_label("Vastaajien organisaatio").select_option(label="Tekevä")
    page.get_by_role("button", name="Näytä").click()
    expect(page.locator("dl.facts")).to_contain_text("Tekevä")
    expect(page.get_by_label("Vastaajien organisaatio")).to_have_value(
        page.get_by_label("Vastaajien organisaatio").input_value()
    )
    a11y(page)

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Lataa PDF").click()
    text = "\n".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages)
    assert "Vastaajat ja parit" in text and "Tekevä" in text
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Lataa Excel (XLSX)").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(xlsx.value.path().read_bytes()))
    assert "Osa-alueet" in book.sheetnames


def test_the_prepost_report_fits_a_phone(live_server, browser: Browser, db):
    s = seed004()
    page = signed_in_page(browser, live_server.url, s.coordinator, phone=True)
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}{_path(s)}")
    expect(page.locator("h1")).to_be_visible()
    check_a11y(page)
    assert page.evaluate(OVERFLOW) is None, page.url
    page.screenshot(path="/tmp/h16p-phone.png", full_page=False)
