"""The plan in a real browser: a coordinator opens Koulutukset from the menu, creates a
programme (a trainer found by typing a name), adds four sessions, publishes it after being
asked, and reads the timetable with its totals; axe on every page, and the plan's pages fit a
360 px phone."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y
from tests.browser.test_small_screens import OVERFLOW, PHONE
from tutori.core.scoping import scopes_disabled
from tutori.programmes.models import Programme

SESSIONS = [
    ("2027-01-11", "Työ- ja toimintakyky"),
    ("2027-02-08", "Asiakkaan ohjaus"),
    ("2027-03-08", "Yritysyhteistyö"),
    ("2027-04-12", "Asiakkaan ohjaus"),
]


def test_coordinator_creates_a_programme_with_four_sessions_and_publishes_it(
    live_server, page: Page, browser, world, login
):
    login(world.coordinator)
    menu = page.get_by_role("navigation", name="Päävalikko")
    menu.locator("summary", has_text="Koulutukset").click()
    menu.get_by_role("link", name="Kaikki koulutukset", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Koulutukset")
    expect(page.get_by_text("Koulutuksia ei vielä ole.")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Uusi koulutus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uusi koulutus")
    check_a11y(page)
    page.get_by_role("textbox", name="Nimi", exact=True).fill("WIRE-työvalmentajakoulutus")
    page.get_by_label("Kuvaus").fill("Työvalmentajien yhteinen koulutus.")
    page.get_by_label("Opintopisteet (op)").fill("4")
    page.get_by_label("Teemat").fill("Työ- ja toimintakyky\nAsiakkaan ohjaus\nYritysyhteistyö")
    page.get_by_label("Koulutus alkaa").fill("2027-01-11")
    page.get_by_label("Koulutus päättyy").fill("2026-12-01")
    # The trainer is found by typing part of the name.
    trainers = page.get_by_role("group", name="Kouluttajat", exact=True)
    trainers.get_by_role("searchbox", name="Suodata nimellä").fill("tiina")
    expect(trainers.get_by_role("checkbox", name="Reijo Rehtori (Koulu A)")).to_be_hidden()
    trainers.get_by_role("checkbox", name="Tiina Tutor (Koulu A)").check()
    page.get_by_label("Paikkoja").fill("16")
    page.get_by_role("button", name="Tallenna").click()
    # An end before the start: a clear message, what was typed is kept.
    expect(page.get_by_text("Koulutus ei voi päättyä ennen kuin se alkaa.").first).to_be_visible()
    expect(page.get_by_role("textbox", name="Nimi", exact=True)).to_have_value(
        "WIRE-työvalmentajakoulutus"
    )
    expect(trainers.get_by_role("checkbox", name="Tiina Tutor (Koulu A)")).to_be_checked()
    check_a11y(page)
    page.get_by_label("Koulutus päättyy").fill("2027-05-28")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("WIRE-työvalmentajakoulutus")
    expect(page.get_by_text("Koulutus tallennettu luonnoksena.")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Lisää tapaaminen").first.click()
    check_a11y(page)
    for n, (day, theme) in enumerate(SESSIONS):
        page.get_by_label("Päivä").fill(day)
        page.get_by_label("Alkaa klo").fill("12:00")
        page.get_by_label("Päättyy klo").fill("16:00")
        page.get_by_role("combobox", name="Teema").select_option(label=theme)
        page.get_by_role("combobox", name="Isäntäorganisaatio").select_option(label="Koulu A")
        page.get_by_label("Paikka ja osoite").fill("Koulutie 1, Oulu")
        last = n == len(SESSIONS) - 1
        page.get_by_role(
            "button", name="Tallenna" if last else "Tallenna ja lisää seuraava", exact=True
        ).click()
        if not last:
            expect(page.get_by_text("Tapaaminen lisätty.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("WIRE-työvalmentajakoulutus")
    timetable = page.locator("table.timetable")
    expect(timetable.locator("tbody tr")).to_have_count(4)
    expect(timetable.locator("tfoot")).to_contain_text("4 lähijaksoa, 16 tuntia; 4 op")
    check_a11y(page)

    page.get_by_role("link", name="Julkaise", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Julkaistaanko koulutus?")
    check_a11y(page)
    page.get_by_role("button", name="Julkaise").click()
    expect(page.get_by_text("Koulutus julkaistu.")).to_be_visible()
    with scopes_disabled():
        programme = Programme.objects.get(name="WIRE-työvalmentajakoulutus")
        assert programme.status == Programme.Status.PUBLISHED
        assert programme.sessions.count() == 4
        assert list(programme.trainers.all()) == [world.tutor]

    page.get_by_role("link", name="Tulostettava aikataulu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Aikataulu: WIRE-työvalmentajakoulutus"
    )
    expect(page.get_by_role("button", name="Tulosta")).to_be_visible()
    check_a11y(page)

    base = f"{live_server.url}/programmes"
    session = programme.sessions.order_by("date").first()
    phone = browser.new_context(
        viewport=PHONE, locale="fi-FI", storage_state=page.context.storage_state()
    )
    small = phone.new_page()
    for url in (
        f"{base}/",
        f"{base}/new/",
        f"{base}/{programme.pk}/",
        f"{base}/{programme.pk}/edit/",
        f"{base}/{programme.pk}/timetable/",
        f"{base}/{programme.pk}/sessions/new/",
        f"{base}/sessions/{session.pk}/edit/",
        f"{base}/sessions/{session.pk}/cancel/",
        f"{base}/sessions/{session.pk}/delete/",
        f"{base}/{programme.pk}/materials/new/",
        f"{base}/{programme.pk}/copy/",
        f"{base}/{programme.pk}/finish/",
    ):
        small.goto(url)
        assert small.evaluate(OVERFLOW) is None, url
        check_a11y(small)
    phone.close()
