"""The survey builder in a real browser: a coordinator creates a survey with a Likert, a
single-choice and a free-text question, moves a question with the keyboard, and previews it
as a respondent; axe on every page, and the pages fit a 360 px phone."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y
from tests.browser.test_small_screens import OVERFLOW, PHONE
from tutori.surveys.models import Survey


def test_coordinator_builds_reorders_and_previews_a_survey(
    live_server, page: Page, browser, world, login
):
    login(world.coordinator)
    menu = page.get_by_role("navigation", name="Päävalikko")
    # The group of follow-up pages: Tutorointitunnit, Sijaisbudjetit, Kyselyt, Omat kyselyt
    menu.locator("summary", has_text="Seuranta").click()
    menu.get_by_role("link", name="Kyselyt", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kyselyt")
    check_a11y(page)

    page.get_by_role("link", name="Uusi kysely").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uusi kysely")
    check_a11y(page)
    page.get_by_role("combobox", name="Organisaatio").select_option(label="Oulu")
    page.get_by_role("textbox", name="Nimi", exact=True).fill("Syksyn koulutustarpeet")
    page.get_by_label("Saate", exact=True).fill("Hei! Kerro, missä tarvitset tukea.")
    page.get_by_role("combobox", name="Tarkoitus").select_option(label="tarvekartoitus")
    page.get_by_label("Avautuu").fill("2026-12-01")
    page.get_by_label("Sulkeutuu").fill("2026-11-20")
    page.get_by_role("button", name="Tallenna").click()
    expect(
        page.get_by_text("Sulkeutumispäivä ei voi olla ennen avautumispäivää.").first
    ).to_be_visible()
    expect(page.get_by_role("textbox", name="Nimi", exact=True)).to_have_value(
        "Syksyn koulutustarpeet"
    )
    check_a11y(page)
    page.get_by_label("Sulkeutuu").fill("2026-12-20")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Syksyn koulutustarpeet")
    check_a11y(page)

    # A Likert question with the default five-level scale.
    page.get_by_role("link", name="Lisää kysymys", exact=True).click()
    check_a11y(page)
    page.get_by_role("combobox", name="Tyyppi").select_option(label="asteikko")
    expect(page.get_by_label("Asteikon kohdat (asteikko)")).to_be_visible()
    expect(page.get_by_label("Vaihtoehdot (yksi tai monta vaihtoehtoa)")).to_be_hidden()
    page.get_by_role("textbox", name="Kysymys", exact=True).fill(
        "Osaan käyttää tekoälyä opetuksessa"
    )
    page.get_by_label("Vastaus on pakollinen").check()
    page.get_by_role("button", name="Tallenna ja lisää seuraava").click()
    # A single choice, then free text.
    expect(page.get_by_text("Kysymys lisätty.")).to_be_visible()
    page.get_by_role("combobox", name="Tyyppi").select_option(label="yksi vaihtoehto")
    page.get_by_role("textbox", name="Kysymys", exact=True).fill(
        "Haluatko tutorin käymään koulullasi?"
    )
    page.get_by_label("Vaihtoehdot (yksi tai monta vaihtoehtoa)").fill("kyllä\nei\nen osaa sanoa")
    page.get_by_role("button", name="Tallenna ja lisää seuraava").click()
    page.get_by_role("combobox", name="Tyyppi").select_option(label="vapaa teksti")
    page.get_by_role("textbox", name="Kysymys", exact=True).fill("Mitä muuta toivot?")
    page.get_by_role("button", name="Tallenna", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Syksyn koulutustarpeet")
    items = page.locator(".question-list > li .question-text")
    expect(items).to_have_text(
        [
            "Osaan käyttää tekoälyä opetuksessa pakollinen",
            "Haluatko tutorin käymään koulullasi?",
            "Mitä muuta toivot?",
        ]
    )
    check_a11y(page)

    # Move the free-text question up with the keyboard only.
    up = page.get_by_role("button", name=re.compile(r"^Ylös\W+Mitä muuta toivot\?$"))
    up.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Kysymys siirretty ylös.")).to_be_visible()
    expect(items).to_have_text(
        [
            "Osaan käyttää tekoälyä opetuksessa pakollinen",
            "Mitä muuta toivot?",
            "Haluatko tutorin käymään koulullasi?",
        ]
    )
    survey = Survey._default_manager.get(title="Syksyn koulutustarpeet")
    assert list(survey.questions.values_list("kind", flat=True)) == ["likert", "text", "single"]
    check_a11y(page)

    # The same by dragging with a mouse: the new order is saved and said to screen readers.
    rows = page.locator(".question-list > li")
    rows.nth(2).drag_to(rows.nth(0))
    expect(page.locator("#reorder-status")).to_have_text("Uusi järjestys tallennettu.")
    assert list(survey.questions.values_list("kind", flat=True)) == ["single", "likert", "text"]
    page.reload()
    expect(items.first).to_have_text("Haluatko tutorin käymään koulullasi?")

    # The respondent's view: a radio group per scale, nothing saved.
    page.get_by_role("link", name="Esikatsele vastaajana").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Syksyn koulutustarpeet")
    scale = page.get_by_role("group", name="Osaan käyttää tekoälyä opetuksessa")
    expect(scale.get_by_role("radio")).to_have_count(5)
    scale.get_by_role("radio", name="hyvin").check()
    expect(
        page.get_by_role("group", name="Haluatko tutorin käymään koulullasi?").get_by_role("radio")
    ).to_have_count(3)
    expect(page.get_by_label("Mitä muuta toivot?")).to_be_visible()
    check_a11y(page)
    preview_url = page.url
    detail_url = f"{live_server.url}/surveys/{survey.pk}/"

    phone = browser.new_context(
        viewport=PHONE, locale="fi-FI", storage_state=page.context.storage_state()
    )
    small = phone.new_page()
    for url in (
        f"{live_server.url}/surveys/",
        detail_url,
        preview_url,
        f"{live_server.url}/surveys/{survey.pk}/questions/new/",
        f"{live_server.url}/surveys/{survey.pk}/edit/",
        f"{live_server.url}/surveys/instruments/",
    ):
        small.goto(url)
        assert small.evaluate(OVERFLOW) is None, url
        check_a11y(small)
    phone.close()
