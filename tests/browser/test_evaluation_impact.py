"""Tutoring impact in a browser (part C): Oulu's coordinator opens "Tutoroinnin
vaikuttavuus" from the menu, reads the figures (Koulu B's small group suppressed), narrows
the report to Koulu B and to the term before, and downloads the PDF and the XLSX; then on a
360 × 740 phone. Axe on every page; every page fits the phone."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, expect

from tests.browser.conftest import check_a11y, signed_in_page
from tests.browser.test_small_screens import OVERFLOW
from tests.evaluation.impact_setup import build


def test_the_coordinator_reads_tutoring_impact(live_server, login, a11y, world):
    data = build(world)
    page = login(world.coordinator)
    page.goto(f"{live_server.url}/evaluation/tutoring/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tutoroinnin vaikuttavuus")
    a11y(page)
    schools = page.get_by_role("table", name="Tutorointi kouluittain")
    expect(schools.get_by_role("row", name="Koulu B")).to_contain_text("< 5")
    expect(page.get_by_role("img", name="Tutorointitunnit kuukausittain")).to_be_visible()
    teachers = page.get_by_role("table", name="Tutorointia saaneiden opettajien osuus kouluittain")
    expect(teachers.get_by_role("row", name="Koulu A")).to_contain_text("50,0")

    page.get_by_label("Alue", exact=True).select_option(label="Koulu B")
    page.get_by_role("button", name="Näytä").click()
    expect(page.locator("dl.facts")).to_contain_text("Koulu B")
    expect(page.get_by_role("table", name="Tutorointi kouluittain")).not_to_contain_text("Koulu A")
    a11y(page)

    page.get_by_label("Lukukausi", exact=True).select_option(label=data.term.before().label)
    page.get_by_role("button", name="Näytä").click()
    expect(page.locator("dl.facts")).to_contain_text(data.term.before().label)
    a11y(page)

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Lataa PDF").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Lataa Excel (XLSX)").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")


def test_tutoring_impact_fits_a_phone(live_server, browser: Browser, world: Any):
    build(world)
    page = signed_in_page(browser, live_server.url, world.coordinator, phone=True)
    for query in ("", f"?unit={world.school_a.pk}"):
        page.goto(f"{live_server.url}/evaluation/tutoring/{query}")
        expect(page.locator("h1")).to_be_visible()
        check_a11y(page)
        assert page.evaluate(OVERFLOW) is None, page.url
