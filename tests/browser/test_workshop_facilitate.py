"""The facilitator's pages in a browser, on a 360 × 740 phone: a coordinator makes a
workshop through the form (a mistake shows with what was typed kept), opens it, shows the
join code with its QR code, moves the first question to grouping; on the grouping page adds
themes, moves ideas with the keyboard only (each idea's "Siirrä teemaan" select and button),
merges two themes, deletes one after being asked, and closes the workshop after being asked.
On a laptop, an idea is dragged into another theme. Axe on every page; every page fits the
phone."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import check_a11y, signed_in_page
from tests.browser.test_small_screens import OVERFLOW
from tests.workshops.workshop_setup import join, make_workshop, questions, themed
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Idea, Theme, Workshop
from tutori.workshops.services import participation


def _checked(page: Page) -> None:
    check_a11y(page)
    assert page.evaluate(OVERFLOW) is None, page.url


def _ideas(theme_name: str) -> list[str]:
    with scopes_disabled():
        return list(
            Idea.objects.filter(theme__name=theme_name)
            .order_by("position")
            .values_list("text", flat=True)
        )


def _theme_id(name: str) -> int:
    with scopes_disabled():
        return Theme.objects.get(name=name).pk  # type: ignore[no-any-return]


def _keyboard_move(page: Page, idea: str, theme: str) -> None:
    """Move an idea with the keyboard alone: focus its select, choose, tab to the button."""
    select = page.locator("li.idea", has_text=idea).get_by_label("Siirrä teemaan")
    select.focus()
    select.select_option(label=theme)
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Siirrä")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Idea siirretty.")).to_be_visible()


def test_a_coordinator_runs_a_workshop_on_a_phone(live_server: Any, browser: Browser, world):
    page = signed_in_page(browser, live_server.url, world.coordinator, phone=True)
    page.goto(f"{live_server.url}/workshops/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Työpajat")
    _checked(page)
    page.get_by_role("link", name="Uusi työpaja").click()
    _checked(page)

    # A mistake: more votes per theme than a participant has; what was typed stays.
    page.get_by_label("Otsikko").fill("Puimala 🙂 marraskuu")
    page.get_by_label("Päivämäärä").fill("2026-11-20")
    page.get_by_label("Kysymykset").fill(
        "Mitä tutoropettajan koulutuksessa pitäisi olla?\nMiten tutorointi saadaan arkeen?"
    )
    page.get_by_label("Ääniä osallistujalla kysymystä kohden").fill("2")
    page.get_by_label("Ääniä yhdelle teemalle enintään").fill("3")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator("#id_votes_per_theme_error")).to_contain_text("Yhdelle teemalle ei voi")
    expect(page.get_by_label("Otsikko")).to_have_value("Puimala 🙂 marraskuu")
    _checked(page)
    page.get_by_label("Ääniä yhdelle teemalle enintään").fill("1")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Puimala 🙂 marraskuu")
    _checked(page)

    page.get_by_role("button", name="Avaa työpaja").click()
    expect(page.get_by_text("Työpaja on auki.")).to_be_visible()
    with scopes_disabled():
        workshop = Workshop.objects.get(title="Puimala 🙂 marraskuu")
    page.get_by_role("link", name="Näytä liittymiskoodi").click()
    expect(page.locator(".join-code")).to_have_text(workshop.join_code)
    expect(page.locator(".join-qr svg")).to_be_visible()
    _checked(page)
    page.get_by_role("link", name="Takaisin työpajaan").click()

    # Two participants post ideas; the first question moves to grouping.
    question = questions(workshop)[0]
    anna, ben = join(workshop, "Anna"), join(workshop, "Ben")
    for who, text in [
        (anna, "Vertaistuki"),
        (ben, "Mentorointi"),
        (anna, "Käytännön harjoitukset"),
    ]:
        participation.idea_post(participant=who, question=question, text=text)
    page.reload()
    expect(page.get_by_text("2 osallistujaa on liittynyt.")).to_be_visible()
    first = page.locator(f"#question-{question.pk}")
    first.get_by_label("Siirrä vaiheeseen").select_option(label="ryhmittely")
    first.get_by_role("button", name="Siirrä", exact=True).click()
    expect(page.get_by_text("Kysymys siirretty vaiheeseen: ryhmittely.")).to_be_visible()
    _checked(page)
    page.locator(f"#question-{question.pk}").get_by_role("link", name="Ryhmittele ideat").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mitä tutoropettajan")
    _checked(page)

    for name in ("Tuki", "Tukeminen", "Harjoittelu"):
        page.locator("#id_name").fill(name)
        page.get_by_role("button", name="Lisää teema").click()
        expect(page.get_by_text("Teema lisätty.")).to_be_visible()
    _checked(page)

    # The keyboard alone moves ideas into themes.
    _keyboard_move(page, "Vertaistuki", "Tuki")
    _keyboard_move(page, "Mentorointi", "Tukeminen")
    _keyboard_move(page, "Käytännön harjoitukset", "Harjoittelu")
    assert _ideas("Tuki") == ["Vertaistuki"]
    _checked(page)

    # Two overlapping themes merge into one.
    merge = page.get_by_role("group", name="Yhdistä päällekkäiset teemat")
    merge.get_by_label("Yhdistä teemaan").select_option(label="Tuki")
    merge.get_by_role("group", name="Yhdistettävät teemat").get_by_label("Tukeminen").check()
    merge.get_by_role("button", name="Yhdistä").click()
    expect(page.get_by_text("Teemat yhdistetty.")).to_be_visible()
    assert _ideas("Tuki") == ["Vertaistuki", "Mentorointi"]

    # Deleting a theme asks first; its idea becomes ungrouped.
    page.get_by_role("region", name="Harjoittelu").get_by_role("link", name="Poista teema").click()
    expect(page.get_by_text("Sen ideat eivät katoa")).to_be_visible()
    _checked(page)
    page.get_by_role("button", name="Poista teema").click()
    expect(page.get_by_text("Teema poistettu.")).to_be_visible()
    with scopes_disabled():
        assert list(Theme.objects.filter(question=question).values_list("name", flat=True)) == [
            "Tuki"
        ]
        assert Idea.objects.get(text="Käytännön harjoitukset").theme is None
    _checked(page)

    # Closing asks first.
    page.get_by_role("link", name="Takaisin työpajaan").click()
    page.get_by_role("link", name="Päätä työpaja").click()
    expect(page.get_by_text("Päättämistä ei voi perua.")).to_be_visible()
    _checked(page)
    page.get_by_role("button", name="Päätä työpaja").click()
    expect(page.get_by_text("Työpaja on päättynyt. Tulokset ovat valmiit.")).to_be_visible()
    _checked(page)


def test_drag_and_drop_moves_an_idea_on_a_laptop(live_server: Any, browser: Browser, world):
    workshop = make_workshop(world)
    question = questions(workshop)[0]
    themed(world, question, {"Tuki": ["Vertaistuki", "Mentorointi"], "Arki": ["Aikataulut"]})
    page = signed_in_page(browser, live_server.url, world.coordinator)
    page.goto(f"{live_server.url}/workshops/questions/{question.pk}/grouping/")
    _checked(page)
    arki = page.locator(f"#theme-{_theme_id('Arki')}")
    # Held by its text (a drag does not start on the idea's own form controls) and dropped
    # on the upper half of the theme's first idea: it goes first.
    page.locator("li.idea", has_text="Mentorointi").locator(".idea-text").drag_to(
        arki.locator("li.idea").first, target_position={"x": 10, "y": 4}
    )
    expect(arki.locator("li.idea").first).to_contain_text("Mentorointi")
    assert _ideas("Arki") == ["Mentorointi", "Aikataulut"]
    assert _ideas("Tuki") == ["Vertaistuki"]
    _checked(page)
