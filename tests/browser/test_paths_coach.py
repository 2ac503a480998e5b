"""The coach's work in a browser, on a 360 × 740 phone: from the dashboard panel to
"Valmennettavat", where the overdue step is first; marking it done asks first and answers
in place; moving a step's window with a reason; recording the short supervision
conversation, which marks its step done; the note on the path page, corrected. Axe on every page;
every page fits the phone."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import check_a11y, signed_in_page
from tests.browser.test_small_screens import OVERFLOW
from tests.paths.coach_setup import LONG, SHORT, TRAINING, WILLING, coached, fresh
from tutori.paths.models import SupervisionNote


def _fits(page: Page) -> None:
    assert page.evaluate(OVERFLOW) is None, page.url


def _checked(page: Page) -> None:
    check_a11y(page)
    _fits(page)


def _phone(browser: Browser, live_server: Any, user: Any) -> Page:
    return signed_in_page(browser, live_server.url, user, phone=True)


def test_the_coach_works_through_their_peoples_steps_on_a_phone(
    live_server, browser: Browser, world
):
    c = coached(world, days_ago=10)
    page = _phone(browser, live_server, world.coach)
    _checked(page)
    # The dashboard's panel names the overdue step and leads to the coach's page.
    panel = page.locator("section", has=page.get_by_role("heading", name="Valmennettavat"))
    expect(panel).to_contain_text(WILLING)
    page.get_by_role("link", name="Kaikki valmennettavat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Valmennettavat")
    _checked(page)

    overdue = page.locator("section", has=page.get_by_role("heading", name="Myöhässä"))
    expect(overdue).to_contain_text(WILLING)
    expect(overdue).to_contain_text("10 päivää myöhässä")

    # Marking done asks first, in place, and the row answers in place.
    row = page.locator(f"#step-{c.step(WILLING).pk}")
    row.get_by_role("link", name="Merkitse tehdyksi").click()
    expect(row.get_by_text("Merkitäänkö vaihe tehdyksi?")).to_be_visible()
    _checked(page)
    row.get_by_role("button", name="Kyllä, merkitse tehdyksi").click()
    expect(page.locator(f"#step-{c.step(WILLING).pk}").get_by_role("status")).to_contain_text(
        "tehty"
    )
    assert fresh(c.step(WILLING)).done_by == world.coach
    _checked(page)

    # Moving the training's window, with a reason.
    page.locator(f"#step-{c.step(TRAINING).pk}").get_by_role("link", name="Siirrä").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Siirrä vaiheen aikataulua")
    _checked(page)
    page.get_by_role("button", name="Tallenna uusi aikataulu").click()
    expect(page.get_by_role("alert")).to_contain_text("Kerro syy aikataulun muutokselle.")
    _checked(page)
    page.get_by_label("Syy").fill("Koulutus siirtyi kevääseen.")
    page.get_by_role("button", name="Tallenna uusi aikataulu").click()
    expect(page.get_by_text("Vaiheen aikataulu muutettu")).to_be_visible()
    assert fresh(c.step(TRAINING)).rescheduled_reason == "Koulutus siirtyi kevääseen."
    _checked(page)

    # Recording the short supervision from its row; its step is chosen and ticked done.
    page.locator(f"#step-{c.step(SHORT).pk}").get_by_role("link", name="Kirjaa työnohjaus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaa työnohjauskeskustelu")
    _checked(page)
    expect(page.get_by_label("Merkitse vaihe tehdyksi keskustelun päivälle")).to_be_checked()
    page.get_by_label("Kesto (min)").fill("45")
    page.get_by_label("Käsitellyt ongelmatilanteet").fill("Asiakas ei saapunut tapaamiseen.")
    page.get_by_label("Yhdessä löydetyt ratkaisut").fill("Muistutus edellisenä päivänä.")
    page.get_by_role("button", name="Tallenna keskustelu").click()
    expect(page.get_by_text("Työnohjauskeskustelu kirjattu")).to_be_visible()
    _checked(page)
    assert SupervisionNote.objects.filter(path=c.path).count() == 1
    assert fresh(c.step(SHORT)).done_on is not None
    # The long supervision now has its dates, counted from the short one.
    assert fresh(c.step(LONG)).due_from is not None

    # The note is on the path page.
    page.goto(f"{live_server.url}/paths/{c.path.pk}/")
    notes = page.locator(f"#notes-{c.path.pk}")
    expect(notes).to_contain_text("Asiakas ei saapunut tapaamiseen.")
    expect(notes).to_contain_text("45 minuuttia")
    _checked(page)

    # The coach corrects the note and comes back to the path page.
    notes.get_by_role("link", name="Korjaa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Korjaa työnohjauskeskustelun muistiinpanoa"
    )
    _checked(page)
    page.get_by_label("Kehittämisideat").fill("Vertaisohjaajien tapaaminen kerran kuussa.")
    page.get_by_role("button", name="Tallenna korjaukset").click()
    expect(page.get_by_text("Muistiinpano korjattu.")).to_be_visible()
    expect(page.locator(f"#notes-{c.path.pk}")).to_contain_text("kerran kuussa")
    _checked(page)
    page.context.close()
