"""A coordinator builds seed 003's Parik peer-mentor path template in a browser, on a
360 × 740 phone: a new template; its steps (willingness mapped at once, the training, the
short supervision 7–14 days from the training's completion, the long one 21–28 days from
the short one's, which it needs), a mistake shown with what was typed kept; a step moved by
keyboard; an edit after someone follows the path makes version 2; the note policy; archiving.
Axe on every page; every page fits the phone."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import check_a11y, signed_in_page
from tests.browser.test_small_screens import OVERFLOW
from tests.paths.templates_setup import follow, versions
from tests.programmes.factories import ProgrammeFactory
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import NotePolicy, PathStep, PathTemplate


def _checked(page: Page) -> None:
    check_a11y(page)
    assert page.evaluate(OVERFLOW) is None, page.url


def _phone(browser: Browser, live_server: Any, user: Any) -> Page:
    return signed_in_page(browser, live_server.url, user, phone=True)


def _row(page: Page, title: str) -> Any:
    """A step's item on the template's page."""
    return page.locator("#steps li", has=page.get_by_role("heading", name=title, exact=True))


def _step(page: Page, title: str, kind: str, first: str, last: str, **more: Any) -> None:
    page.get_by_role("link", name="Lisää vaihe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uusi vaihe")
    page.get_by_label("Vaiheen nimi").fill(title)
    page.get_by_label("Laji").select_option(label=kind)
    if "responsible" in more:
        page.get_by_label("Vastuussa").select_option(label=more["responsible"])
    if "anchor" in more:
        page.get_by_label(more["anchor"], exact=True).check()
    if "anchor_step" in more:
        page.get_by_label("Vaihe, jonka valmistumisesta ajoitus lasketaan").select_option(
            label=more["anchor_step"]
        )
    if "milestone" in more:
        page.get_by_label("Tapahtuma, josta ajoitus lasketaan").select_option(more["milestone"])
    page.get_by_label("Aikaisintaan (päivää)").fill(first)
    page.get_by_label("Viimeistään (päivää)").fill(last)
    for needed in more.get("needs", ()):
        page.get_by_role("group", name="Edellyttää vaiheita").get_by_label(needed).check()
    page.get_by_role("button", name="Tallenna vaihe").click()


def test_a_coordinator_builds_the_parik_path_on_a_phone(live_server, browser: Browser, world):
    training = ProgrammeFactory(
        organisation=world.oulu, name="Parik-vertaisohjaajakoulutus", published=True
    )
    page = _phone(browser, live_server, world.coordinator)
    page.goto(f"{live_server.url}/paths/templates/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Polkupohjat")
    _checked(page)

    page.get_by_role("link", name="Uusi polkupohja").click()
    _checked(page)
    page.get_by_label("Organisaatio").select_option(label="Oulu")
    page.get_by_label("Nimi").fill("Vertaisohjaajan polku")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vertaisohjaajan polku")
    expect(page.get_by_text("Polussa ei ole vielä vaiheita.")).to_be_visible()
    _checked(page)

    _step(page, "Halukkuus kartoitettu", "kysely", "0", "0")
    _checked(page)
    _step(
        page,
        "Vertaisohjaajakoulutus",
        "koulutus",
        "0",
        "90",
        responsible="henkilö itse",
        needs=["Halukkuus kartoitettu"],
    )
    # A mistake: the window's last day before its first, and no milestone chosen.
    _step(page, "Lyhyt työnohjaus", "työnohjauskeskustelu", "14", "7", anchor="tapahtumasta")
    expect(page.get_by_role("alert")).to_contain_text("Valitse tapahtuma")
    expect(page.get_by_label("Vaiheen nimi")).to_have_value("Lyhyt työnohjaus")
    _checked(page)
    page.get_by_label("Tapahtuma, josta ajoitus lasketaan").select_option(
        f"programmes.completed:{training.pk}"
    )
    page.get_by_label("Aikaisintaan (päivää)").fill("7")
    page.get_by_label("Viimeistään (päivää)").fill("14")
    page.get_by_role("button", name="Tallenna vaihe").click()
    expect(page.locator("#steps")).to_contain_text(
        "7–14 päivää koulutuksen suorittamisesta (Parik-vertaisohjaajakoulutus"
    )
    _step(
        page,
        "Pitkä työnohjaus",
        "työnohjauskeskustelu",
        "21",
        "28",
        anchor="toisen vaiheen valmistumisesta",
        anchor_step="Lyhyt työnohjaus",
        needs=["Lyhyt työnohjaus"],
    )
    expect(page.locator("#steps")).to_contain_text(
        "21–28 päivää vaiheen ”Lyhyt työnohjaus” valmistumisesta"
    )
    _checked(page)

    # Moved up by keyboard, then back down.
    _row(page, "Pitkä työnohjaus").get_by_role("button", name="Siirrä ylös").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#steps li h3")).to_have_text(
        ["Halukkuus kartoitettu", "Vertaisohjaajakoulutus", "Pitkä työnohjaus", "Lyhyt työnohjaus"]
    )
    _row(page, "Pitkä työnohjaus").get_by_role("button", name="Siirrä alas").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#steps li h3").last).to_have_text("Pitkä työnohjaus")

    # Someone follows it: the next edit makes version 2, which the page says.
    with scopes_disabled():
        template = PathTemplate.objects.get(name="Vertaisohjaajan polku")
    follow(versions(template)[0], world.member)
    page.reload()
    expect(page.get_by_text("Tätä versiota seuraa 1 henkilö.")).to_be_visible()
    _row(page, "Lyhyt työnohjaus").get_by_role("link", name="Muokkaa").click()
    expect(page.get_by_text("Versiota 1 seuraa 1 henkilö")).to_be_visible()
    _checked(page)
    page.get_by_label("Viimeistään (päivää)").fill("15")
    page.get_by_role("button", name="Tallenna vaihe").click()
    expect(page.get_by_text("muutos tehtiin uuteen versioon 2")).to_be_visible()
    expect(page.get_by_role("heading", name="Vaiheet (versio 2)")).to_be_visible()
    _checked(page)
    latest = versions(template)[-1]
    assert PathStep.objects.get(version=latest, title="Lyhyt työnohjaus").due_within_days == 15
    page.get_by_role("link", name="Versio 1").click()
    expect(page.locator("main")).to_contain_text("7–14 päivää koulutuksen suorittamisesta")
    _checked(page)

    # The note policy: Oulu's principals may read the notes.
    page.goto(f"{live_server.url}/paths/note-policy/?org={world.oulu.pk}")
    _checked(page)
    page.get_by_label("esihenkilö").check()
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator(".messages")).to_contain_text("Muistiinpanojen lukuoikeudet tallennettu")
    with scopes_disabled():
        assert NotePolicy.objects.get(organisation=world.oulu).roles == ["manager"]

    # Archived: it takes no new people.
    page.goto(f"{live_server.url}/paths/templates/{template.pk}/")
    page.get_by_role("link", name="Arkistoi").click()
    _checked(page)
    page.get_by_role("button", name="Arkistoi").click()
    expect(page.locator("main")).to_contain_text("arkistoitu")
    _checked(page)
