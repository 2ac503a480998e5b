"""Taking part in a workshop in a browser, on a 360 × 740 phone and with the keyboard only:
a visitor without an account joins by typing the code and a name, writes an idea (the
counter shows "x / 500" as they type) that a participant with an account sees arrive
without reloading; when the facilitator opens voting, both pages turn to voting by
themselves; the visitor votes and takes the vote back with the keyboard, and reads the
ranked result once the workshop closes. Axe on every page and state; every page fits."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE_SIZE, check_a11y, signed_in_page
from tests.browser.test_small_screens import OVERFLOW
from tests.workshops.take_part_setup import first_question, joined_workshop
from tests.workshops.workshop_setup import phase, themed
from tutori.workshops.models import Phase
from tutori.workshops.services import workshops as workshop_services

# The poll runs every 2 s: a change shows within one or two polls.
ARRIVES_MS = 8_000


def _checked(page: Page) -> None:
    check_a11y(page)
    assert page.evaluate(OVERFLOW) is None, page.url


def _visitor(browser: Browser) -> Page:
    context = browser.new_context(
        locale="fi-FI", timezone_id="Europe/Helsinki", viewport=PHONE_SIZE
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _press_on(page: Page, locator: Any, key: str = "Enter") -> None:
    """Move the keyboard focus to ``locator`` with Tab from its neighbour and press ``key``:
    what a keyboard user does (no mouse click anywhere)."""
    locator.focus()
    expect(locator).to_be_focused()
    page.keyboard.press(key)


def test_a_visitor_joins_by_code_posts_an_idea_and_votes_with_the_keyboard(
    live_server, browser: Browser, world
):
    workshop = joined_workshop(world, title="Puimala: tutorin työ", votes_per_participant=2)
    question = first_question(workshop)

    visitor = _visitor(browser)
    visitor.goto(f"{live_server.url}/workshops/join/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Liity työpajaan")
    _checked(visitor)
    code = visitor.get_by_label("Liittymiskoodi")
    code.focus()
    visitor.keyboard.type(workshop.join_code.lower())
    visitor.keyboard.press("Tab")
    visitor.keyboard.press("Tab")  # past the help text to the name field
    name = visitor.get_by_label("Nimesi työpajassa")
    if not name.evaluate("el => el === document.activeElement"):
        name.focus()
    visitor.keyboard.type("Åsa 🙂")
    visitor.keyboard.press("Enter")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Puimala: tutorin työ")
    expect(visitor.locator("body")).to_contain_text("Olet mukana nimellä Åsa 🙂.")
    _checked(visitor)

    member = signed_in_page(browser, live_server.url, world.member, phone=True)
    member.goto(f"{live_server.url}/workshops/{workshop.pk}/take-part/")
    _checked(member)

    # The visitor writes an idea with the keyboard; the counter follows the typing.
    section = visitor.locator(f"#question-{question.pk}")
    text = section.get_by_label("Ideasi")
    text.focus()
    visitor.keyboard.type("Tutor mukaan suunnittelupäivään ✨")
    expect(visitor.locator(f"#id_q{question.pk}_text_counter")).to_have_text("33 / 500")
    _press_on(visitor, section.get_by_role("button", name="Lähetä idea"))
    ideas = visitor.locator(f"#question-{question.pk}-live")
    expect(ideas).to_contain_text("Tutor mukaan suunnittelupäivään ✨")
    expect(text).to_have_value("")
    expect(visitor.locator(f"#question-{question.pk}-count")).to_have_text("1 idea")
    _checked(visitor)

    # The participant with an account sees it arrive without reloading.
    expect(member.locator(f"#question-{question.pk}-live")).to_contain_text(
        "Tutor mukaan suunnittelupäivään ✨", timeout=ARRIVES_MS
    )

    # The facilitator groups and opens voting: both pages turn to voting by themselves.
    themes = themed(world, question, {"Aikaa tutoroinnille": ["Tunti viikossa"]})
    phase(world, question, Phase.VOTING)
    expect(visitor.locator(f"#question-{question.pk}")).to_contain_text(
        "Ääniä jäljellä 2", timeout=ARRIVES_MS
    )
    expect(member.locator(f"#question-{question.pk}")).to_contain_text(
        "Ääniä jäljellä 2", timeout=ARRIVES_MS
    )
    _checked(visitor)

    theme = themes["Aikaa tutoroinnille"]
    vote = visitor.locator(f"#vote-{theme.pk}")
    _press_on(visitor, vote)
    expect(visitor.locator(f"#question-{question.pk}")).to_contain_text("Ääniä jäljellä 1")
    expect(visitor.locator("#workshop-said")).to_contain_text(
        "Ääni annettu teemalle Aikaa tutoroinnille."
    )
    expect(visitor.locator(f"#vote-{theme.pk}")).to_be_focused()
    _checked(visitor)
    _press_on(visitor, visitor.locator(f"#take-back-{theme.pk}"))
    expect(visitor.locator(f"#question-{question.pk}")).to_contain_text("Ääniä jäljellä 2")
    # The take-back button went with the last vote: the focus is on the theme's vote button.
    expect(visitor.locator(f"#vote-{theme.pk}")).to_be_focused()
    _press_on(visitor, visitor.locator(f"#vote-{theme.pk}"))
    expect(visitor.locator(f"#question-{question.pk}")).to_contain_text("Ääniä jäljellä 1")

    # The workshop closes: the ranked result, nothing more to post or vote.
    workshop_services.workshop_close(by=world.coordinator, workshop=workshop)
    expect(visitor.locator(f"#question-{question.pk}")).to_contain_text(
        "1. Aikaa tutoroinnille", timeout=ARRIVES_MS
    )
    visitor.reload()
    expect(visitor.locator("body")).to_contain_text("Työpaja on päättynyt")
    expect(visitor.locator("body")).to_contain_text("1 ääni")
    _checked(visitor)


def test_the_qr_link_joins_a_signed_in_person_who_deletes_an_idea_after_confirming(
    live_server, browser: Browser, world
):
    workshop = joined_workshop(world, title="Puimala QR")
    question = first_question(workshop)
    tutor = signed_in_page(browser, live_server.url, world.tutor, phone=True)

    tutor.goto(f"{live_server.url}/workshops/join/ZZZZZZ/")
    expect(tutor.get_by_role("heading", level=1)).to_have_text("Koodi ei kelpaa")
    expect(tutor.locator("main")).to_contain_text("Koodilla ei löydy työpajaa.")
    _checked(tutor)

    tutor.goto(f"{live_server.url}/workshops/join/{workshop.join_code}/")
    expect(tutor.locator("main")).to_contain_text("Puimala QR")
    expect(tutor.locator("main")).to_contain_text(
        "Liityt omalla tunnuksellasi nimellä Tiina Tutor."
    )
    _checked(tutor)
    _press_on(tutor, tutor.get_by_role("button", name="Liity", exact=True))
    expect(tutor.get_by_role("heading", level=1)).to_have_text("Puimala QR")

    section = tutor.locator(f"#question-{question.pk}")
    section.get_by_label("Ideasi").fill("Poistettava idea")
    _press_on(tutor, section.get_by_role("button", name="Lähetä idea"))
    expect(section).to_contain_text("Poistettava idea")
    _press_on(tutor, section.get_by_role("link", name="Poista oma ideasi: Poistettava idea"))
    expect(tutor.get_by_role("heading", level=1)).to_have_text("Poistetaanko idea?")
    _checked(tutor)
    _press_on(tutor, tutor.get_by_role("button", name="Poista idea"))
    expect(tutor.locator(".messages")).to_contain_text("Idea poistettu.")
    expect(tutor.locator(f"#question-{question.pk}-live")).not_to_contain_text("Poistettava idea")
    expect(tutor.locator(f"#question-{question.pk}-count")).to_have_text("0 ideaa")
    _checked(tutor)
