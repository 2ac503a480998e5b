"""A workshop's result in a browser (W3): the facilitator reads the ranked themes, shows them
on the projector one question at a time with the keyboard, gives a theme's follow-up task to
a tutor; the tutor finds it on the dashboard and marks it done; a manager reads the archive.
Axe on every page; every page fits a 360 px phone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import check_a11y, signed_in_page
from tests.browser.test_small_screens import OVERFLOW
from tests.workshops.results_setup import NAMES, RANKED, puimala


def _checked(page: Page) -> None:
    check_a11y(page)
    assert page.evaluate(OVERFLOW) is None, page.url


def test_the_facilitator_presents_the_result_and_gives_a_task(live_server, browser: Browser, world):
    made = puimala(world, organisation=world.school_a)
    base = live_server.url
    page = signed_in_page(browser, base, world.coordinator)
    page.goto(f"{base}/workshops/{made.workshop.pk}/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tulokset: Puimala 1")
    themes = page.locator("section.workshop-result").first.locator("ol.ranked-themes > li h3")
    expect(themes).to_have_count(4)
    for n, name in enumerate(RANKED):
        expect(themes.nth(n)).to_contain_text(name)
    for name in NAMES:
        expect(page.locator("main")).not_to_contain_text(name)
    _checked(page)

    # The projector, by keyboard: the next question's link.
    page.get_by_role("link", name="Näytä esityksenä").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(made.question.text)
    _checked(page)
    next_link = page.get_by_role("link", name="Seuraava kysymys")
    next_link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(made.voting.text)
    _checked(page)
    page.get_by_role("link", name="Lopeta esitys").click()

    # A task for the tutor, with the keyboard only.
    page.get_by_role("link", name="Tee jatkotyö teemasta Nimikkotutor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tee jatkotyö")
    _checked(page)
    page.get_by_label("Tehtävä").fill("Nimikkotutor jokaiseen kouluun")
    page.get_by_role("combobox", name="Vastuuhenkilö").select_option(label=world.tutor.display_name)
    due = timezone.localdate() + timedelta(days=21)
    page.get_by_label("Määräpäivä").fill(due.isoformat())
    page.get_by_label("Viesti vastuuhenkilölle").focus()
    page.keyboard.type("Kiitos 🙏")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Tehtävä annettu.")).to_be_visible()
    expect(page.locator("#theme-" + str(made.themes["Nimikkotutor"].pk))).to_contain_text(
        "Nimikkotutor jokaiseen kouluun"
    )
    _checked(page)

    tutor = signed_in_page(browser, base, world.tutor, phone=True)
    panel = tutor.locator("section", has=tutor.get_by_role("heading", name="Työpajojen tehtävät"))
    expect(panel).to_contain_text("Nimikkotutor jokaiseen kouluun")
    _checked(tutor)
    panel.get_by_role("button", name="Tehty").click()
    expect(tutor.get_by_text("Tehtävä merkitty tehdyksi.")).to_be_visible()
    expect(tutor.get_by_role("heading", name="Työpajojen tehtävät")).to_have_count(0)


def test_the_results_pages_fit_a_phone(live_server, browser: Browser, world):
    made = puimala(world, organisation=world.school_a)
    base = live_server.url
    page = signed_in_page(browser, base, world.coordinator, phone=True)
    theme = made.themes["Tutoroinnin alueet näkyviksi"]
    for path in (
        f"/workshops/{made.workshop.pk}/results/",
        f"/workshops/{made.workshop.pk}/results/present/",
        f"/workshops/themes/{theme.pk}/follow-up/",
        "/workshops/results/",
    ):
        page.goto(f"{base}{path}")
        expect(page.locator("h1")).to_be_visible()
        _checked(page)


def test_a_manager_reads_the_archive(live_server, browser: Browser, world: Any):
    made = puimala(world, organisation=world.school_a, title="Koulun puimala")
    base = live_server.url
    page = signed_in_page(browser, base, world.manager)
    page.goto(f"{base}/workshops/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Työpajojen tulokset")
    _checked(page)
    page.get_by_label("Hae nimellä tai organisaatiolla").fill("koulun")
    expect(page.get_by_text("1 työpaja", exact=True)).to_be_visible()
    page.get_by_role("link", name="Koulun puimala").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tulokset: Koulun puimala")
    assert made.voting.text in page.content()
    expect(page.get_by_text("Tämän kysymyksen tulokset näkyvät")).to_be_visible()
    _checked(page)
