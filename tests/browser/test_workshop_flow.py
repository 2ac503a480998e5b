"""Issue 17's whole flow in a browser, as its people do it: the coordinator opens a workshop
and shows its join code; a teacher joins with their account, a guest on a 360 px phone with
the code and a name only; both post ideas and see each other's appear without reloading;
the coordinator groups the ideas into themes with the keyboard only (the "Siirrä teemaan"
control of each idea), opens voting, the two vote (one takes a vote back), and the
coordinator closes the workshop and downloads its result as a PDF, whose text ranks the
themes by votes and names nobody. Axe on every page; the guest's pages fit the phone."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import PHONE_SIZE, check_a11y, signed_in_page
from tests.browser.test_small_screens import OVERFLOW
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Vote, Workshop
from tutori.workshops.services import workshops as services

TITLE = "Puimala: tutorointi keväällä"
QUESTION = "Miten tutorointi saadaan osaksi koulun arkea?"
TIME_IDEA = "Yhteinen suunnitteluaika kerran kuussa"
GUEST_IDEAS = ["Pedavälkkä opettajainhuoneessa ☕", "Tutorin vastaanotto kirjastossa"]
TIME, SEEN = "Yhteinen aika", "Näkyvyys"
GUEST = "Vieras Ville"


def _checked(page: Page) -> None:
    check_a11y(page)
    assert page.evaluate(OVERFLOW) is None, page.url


def _guest(browser: Browser) -> Page:
    """A phone without an account."""
    page = browser.new_context(
        viewport=PHONE_SIZE, locale="fi-FI", timezone_id="Europe/Helsinki"
    ).new_page()
    page.set_default_timeout(15_000)
    return page


def _post_idea(page: Page, text: str) -> None:
    page.get_by_label("Ideasi").fill(text)
    page.get_by_role("button", name="Lähetä idea").click()
    expect(page.locator(".idea-list")).to_contain_text(text)


def _move_with_keyboard(page: Page, idea: str, steps: int, theme: str) -> None:
    """Choose a theme in the idea's "Siirrä teemaan" select with the arrow keys (its
    options: "Ei teemaa", then the themes in their order) and press its button."""
    select = page.locator("li.idea", has_text=idea).locator("select")
    select.focus()
    for _ in range(steps):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # to the idea's "Siirrä" button
    page.keyboard.press("Enter")
    zone = page.locator("section.theme-zone", has=page.locator("h2", has_text=theme))
    expect(zone.locator(".idea-text", has_text=idea)).to_be_visible()


def _vote(page: Page, theme: str, left: int, *, back: bool = False) -> None:
    item = page.locator(".theme-list > li", has=page.locator("h3", has_text=theme))
    item.get_by_role("button", name="Peru ääni" if back else "Äänestä").click()
    expect(page.locator(".votes-left")).to_contain_text(f"Ääniä jäljellä {left}")


def test_a_workshop_from_opening_to_the_ranked_pdf(live_server: Any, browser: Browser, world):
    base = live_server.url
    workshop = services.workshop_create(
        by=world.coordinator,
        organisation=world.oulu,
        title=TITLE,
        held_on=timezone.localdate(),
        questions=[QUESTION],
        votes_per_participant=3,
        votes_per_theme=2,
    )

    # The coordinator opens the workshop and shows its code.
    host = signed_in_page(browser, base, world.coordinator)
    host.goto(f"{base}/workshops/")
    check_a11y(host)
    host.get_by_role("link", name=TITLE).click()
    expect(host.get_by_role("heading", level=1)).to_have_text(TITLE)
    check_a11y(host)
    host.get_by_role("button", name="Avaa työpaja").click()
    expect(host.locator(".badge").first).to_have_text("käynnissä")
    with scopes_disabled():
        code = Workshop.objects.get(pk=workshop.pk).join_code or ""
    host.get_by_role("link", name="Näytä liittymiskoodi").click()
    expect(host.locator("main")).to_contain_text(code)
    check_a11y(host)

    # A teacher joins with their account, a guest with the code and a name on a phone.
    teacher = signed_in_page(browser, base, world.member)
    teacher.goto(f"{base}/workshops/join/")
    check_a11y(teacher)
    teacher.get_by_label("Liittymiskoodi").fill(code)
    teacher.get_by_role("button", name="Liity").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text(TITLE)
    check_a11y(teacher)
    guest = _guest(browser)
    guest.goto(f"{base}/workshops/join/")
    _checked(guest)
    guest.get_by_label("Liittymiskoodi").fill(f"{code[:3].lower()} {code[3:].lower()}")
    guest.get_by_label("Nimesi työpajassa").fill(GUEST)
    guest.get_by_role("button", name="Liity").click()
    expect(guest.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(guest.locator("main")).to_contain_text(f"Olet mukana nimellä {GUEST}")
    _checked(guest)

    # Ideas: each sees the other's within seconds, without reloading.
    _post_idea(teacher, TIME_IDEA)
    for text in GUEST_IDEAS:
        _post_idea(guest, text)
    expect(guest.locator(".idea-list")).to_contain_text(TIME_IDEA)
    for text in GUEST_IDEAS:
        expect(teacher.locator(".idea-list")).to_contain_text(text)
    _checked(guest)
    check_a11y(teacher)

    # The coordinator groups the ideas with the keyboard only.
    host.goto(f"{base}/workshops/{workshop.pk}/run/")
    host.get_by_label("Siirrä vaiheeseen").select_option(label="ryhmittely")
    host.get_by_role("button", name="Siirrä", exact=True).click()
    host.get_by_role("link", name="Ryhmittele ideat").click()
    expect(host.get_by_role("heading", level=1)).to_contain_text(QUESTION)
    check_a11y(host)
    for theme in (TIME, SEEN):
        host.locator("#id_name").focus()
        host.keyboard.type(theme)
        host.keyboard.press("Enter")
        expect(host.locator("section.theme-zone h2", has_text=theme)).to_be_visible()
    _move_with_keyboard(host, TIME_IDEA, 1, TIME)
    for text in GUEST_IDEAS:
        _move_with_keyboard(host, text, 2, SEEN)
    expect(host.locator("#ungrouped")).to_contain_text("Ei ideoita.")
    check_a11y(host)

    # Voting: the teacher gives two votes to one theme and one to the other; the guest gives
    # two and takes one back.
    host.goto(f"{base}/workshops/{workshop.pk}/run/")
    host.get_by_label("Siirrä vaiheeseen").select_option(label="äänestys")
    host.get_by_role("button", name="Siirrä", exact=True).click()
    teacher.reload()
    _vote(teacher, SEEN, 2)
    _vote(teacher, SEEN, 1)
    _vote(teacher, TIME, 0)
    check_a11y(teacher)
    guest.reload()
    _vote(guest, SEEN, 2)
    _vote(guest, TIME, 1)
    _vote(guest, TIME, 2, back=True)
    _checked(guest)
    with scopes_disabled():
        assert Vote.objects.filter(question__workshop=workshop).count() == 4

    # The coordinator closes the workshop (asked first) and downloads the result.
    host.goto(f"{base}/workshops/{workshop.pk}/run/")
    host.get_by_role("link", name="Päätä työpaja").click()
    check_a11y(host)
    host.locator("main form button[type=submit]").click()
    expect(host.locator(".badge").first).to_have_text("päättynyt")
    host.get_by_role("link", name="Tulokset").click()
    expect(host.get_by_role("heading", level=1)).to_have_text(f"Tulokset: {TITLE}")
    check_a11y(host)
    ranked = host.locator(".ranked-themes .theme-name")
    expect(ranked).to_have_count(2)
    expect(ranked.nth(0)).to_contain_text(f"{SEEN} (3 ääntä)")
    expect(ranked.nth(1)).to_contain_text(f"{TIME} (1 ääni)")
    with host.expect_download() as info:
        host.get_by_role("link", name="Lataa PDF").click()
    with open(info.value.path(), "rb") as file:
        pdf = file.read()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert TITLE in text
    assert text.index(SEEN) < text.index(TIME) < text.index(TIME_IDEA)
    assert all(idea.rstrip(" ☕") in text for idea in GUEST_IDEAS)
    # Anonymous: nobody who took part is named.
    assert GUEST not in text and world.member.display_name not in text

    # The guest's page says it is over, and still fits the phone.
    guest.reload()
    expect(guest.locator("main")).to_contain_text("Työpaja on päättynyt.")
    _checked(guest)
