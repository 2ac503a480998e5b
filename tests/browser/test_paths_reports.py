"""The path reports in a browser (part D): the coordinator opens "Polkujen raportit", the
template's report with its organisations (a small one suppressed, and the totals that would
reveal it), and one organisation's step table; then on a 360 × 740 phone. Axe on every
page; every page fits the phone."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import check_a11y, signed_in_page
from tests.browser.test_small_screens import OVERFLOW
from tests.paths.reports_setup import SECRET, SHORT, reported


def _phone(browser: Browser, live_server: Any, user: Any) -> Page:
    return signed_in_page(browser, live_server.url, user, phone=True)


def _checked(page: Page) -> None:
    check_a11y(page)
    assert page.evaluate(OVERFLOW) is None, page.url


def test_the_coordinator_reads_a_paths_report(live_server, login, a11y, world):
    r = reported(world)
    page = login(world.coordinator)
    page.goto(f"{live_server.url}/paths/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Polkujen raportit")
    a11y(page)
    page.get_by_role("link", name=r.template.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(r.template.name)
    a11y(page)
    orgs = page.get_by_role("table", name="Polut organisaatioittain")
    expect(orgs.get_by_role("row", name="Koulu B")).to_contain_text("< 5")
    # All organisations' figures minus Koulu A's would be Koulu B's two paths.
    expect(page.get_by_text("Yhteensä-riviä ei näytetä")).to_be_visible()
    assert SECRET not in page.content()
    orgs.get_by_role("link", name="Koulu A").click()
    expect(page.get_by_role("heading", name="Vaiheittain: Koulu A")).to_be_visible()
    steps = page.locator("section", has=page.get_by_role("heading", name="Vaiheittain"))
    expect(steps.get_by_role("row", name=SHORT)).to_contain_text("9")
    a11y(page)


def test_the_reports_fit_a_phone(live_server, browser: Browser, world):
    r = reported(world)
    page = _phone(browser, live_server, world.coordinator)
    for path in ("/paths/reports/", f"/paths/reports/{r.template.pk}/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        _checked(page)
