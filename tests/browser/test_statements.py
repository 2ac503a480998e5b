"""The statements the law asks for, as a visitor finds them: from the login page's footer, in
their language, accessible; and the favicon, which the page links and /favicon.ico answers."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y


def test_a_visitor_reads_both_statements_from_the_footer_in_their_language(
    live_server, page: Page, db
):
    page.goto(f"{live_server.url}/accounts/login/")
    footer = page.locator("footer")
    footer.get_by_role("link", name="Saavutettavuusseloste").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saavutettavuusseloste")
    expect(page.get_by_role("link", name="saavutettavuus@traficom.fi")).to_be_visible()
    check_a11y(page)

    page.locator("footer").get_by_role("link", name="Tietosuojaseloste").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tietosuojaseloste")
    expect(page.get_by_role("link", name="tietosuoja@om.fi")).to_be_visible()
    check_a11y(page)

    page.get_by_role("button", name="svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dataskyddsbeskrivning")
    page.locator("footer").get_by_role("link", name="Tillgänglighetsutlåtande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tillgänglighetsutlåtande")
    check_a11y(page)

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    page.locator("footer").get_by_role("link", name="Privacy notice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    check_a11y(page)


def test_the_favicon_is_found(live_server, page: Page, db):
    page.goto(f"{live_server.url}/accounts/login/")
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert icon and icon.endswith(".svg")
    assert page.request.get(f"{live_server.url}{icon}").status == 200
    response = page.request.get(f"{live_server.url}/favicon.ico")
    assert response.status == 200  # the redirect followed to the SVG
    assert response.headers["content-type"].startswith("image/svg")
