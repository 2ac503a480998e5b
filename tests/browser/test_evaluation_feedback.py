"""The feedback and attrition reports in a browser (part B): the coordinator of seed 004's
WIRE 3 pilot opens its feedback report (the grades' mean 8, the reasons in the
respondents' own words), downloads it as a PDF and an XLSX, then the attrition report
(16 → 16 → 16 → 12 → 12, the reasons for leaving, the small organisations merged). Then on
a 360 × 740 phone. Axe on every page; every page fits the phone."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import check_a11y, signed_in_page
from tests.browser.test_small_screens import OVERFLOW
from tests.evaluation.factories import seed004


def _checked(page: Page) -> None:
    check_a11y(page)
    assert page.evaluate(OVERFLOW) is None, page.url


def _download(page: Page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    path = info.value.path()
    with open(path, "rb") as file:
        return file.read()


def test_the_coordinator_reads_and_downloads_the_feedback_and_attrition(
    live_server: Any, login: Any, a11y: Any
) -> None:
    data = seed004()
    page = login(data.coordinator)
    page.goto(f"{live_server.url}/evaluation/programmes/{data.programme.pk}/feedback/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Palaute: Työvalmentajakoulutus (WIRE 3)"
    )
    a11y(page)
    expect(page.locator(".key-figures").nth(1)).to_contain_text("8,0")
    expect(page.get_by_role("img", name="Vastausten jakauma")).to_be_visible()
    reasons = page.locator("section", has=page.get_by_role("heading", name="Perustele arvosanasi."))
    expect(reasons.get_by_role("listitem")).to_have_count(12)
    expect(reasons).to_contain_text("Perustelu 7")
    pdf = _download(page, "Lataa PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Palaute: Työvalmentajakoulutus (WIRE 3)" in text and "Perustelu 12" in text
    workbook = load_workbook(io.BytesIO(_download(page, "Lataa Excel (XLSX)")))
    assert "Perustele arvosanasi." in workbook.sheetnames

    page.goto(f"{live_server.url}/evaluation/programmes/{data.programme.pk}/attrition/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Osallistujien eteneminen")
    a11y(page)
    funnel = page.get_by_role("table", name="Koulutuksen eteneminen")
    expect(funnel.get_by_role("row", name="Hakeneet")).to_contain_text("16")
    expect(funnel.get_by_role("row", name="Suorittaneet")).to_contain_text("12")
    expect(funnel.get_by_role("row", name="Vastasivat loppuarviointiin")).to_contain_text("12")
    reasons_table = page.get_by_role("table", name="Keskeyttämisen syyt")
    expect(reasons_table.get_by_role("row", name="ei ehtinyt")).to_contain_text("< 5")
    orgs = page.get_by_role("table", name="Eteneminen organisaatioittain")
    expect(orgs.get_by_role("row", name="Tekevä")).to_be_visible()
    expect(orgs.get_by_role("row", name="Muut organisaatiot (3)")).to_contain_text("11")
    pdf = _download(page, "Lataa PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Keskeyttämisen syyt" in text


def test_the_reports_fit_a_phone(live_server: Any, browser: Browser) -> None:
    data = seed004()
    page = signed_in_page(browser, live_server.url, data.coordinator, phone=True)
    for report in ("feedback", "attrition"):
        page.goto(f"{live_server.url}/evaluation/programmes/{data.programme.pk}/{report}/")
        expect(page.locator("h1")).to_be_visible()
        _checked(page)
