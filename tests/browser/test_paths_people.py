"""People on paths in a browser, on a 360 × 740 phone: the coordinator finds a person and
puts them on a path with a coach, puts a programme's participants on at once and reads the
summary, finds the path in the list, opens its page, changes the coach and tries to stop it
without a reason; the person reads their path on "Oma polkuni" and writes a reflection.
Axe on every page; every page fits the phone."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import check_a11y, signed_in_page
from tests.browser.test_small_screens import OVERFLOW
from tests.factories import MembershipFactory, UserFactory
from tests.paths.people_setup import SHORT, TRAINING, paths_of, template_of
from tests.programmes.factories import ParticipantFactory, ProgrammeFactory
from tutori.programmes.models import Participant, Programme


def _checked(page: Page) -> None:
    check_a11y(page)
    assert page.evaluate(OVERFLOW) is None, page.url


def _phone(browser: Browser, live_server: Any, user: Any) -> Page:
    return signed_in_page(browser, live_server.url, user, phone=True)


def test_the_coordinator_puts_people_on_a_path_and_the_person_follows_it(
    live_server, browser: Browser, world
):
    template = template_of(world.oulu)
    programme = ProgrammeFactory(
        organisation=world.oulu, name="Vertaisohjaajakoulutus", status=Programme.Status.FINISHED
    )
    trained = UserFactory(display_name="Vilma Vertainen", email="vilma@example.fi")
    MembershipFactory(user=trained, organisation=world.school_a)
    ParticipantFactory(programme=programme, person=trained, status=Participant.Status.COMPLETED)
    ParticipantFactory(programme=programme, person=world.member)

    page = _phone(browser, live_server, world.coordinator)
    page.goto(f"{live_server.url}/paths/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Henkilöiden polut")
    _checked(page)
    page.get_by_text("Liitä henkilöitä polulle", exact=True).click()
    page.get_by_role("link", name=template.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liitä henkilöitä polulle")
    _checked(page)

    # One person, found by name, with a coach.
    page.get_by_label("Hae henkilöä nimellä tai sähköpostilla").fill("Olli")
    page.get_by_role("button", name="Hae", exact=True).click()
    one = page.locator("form", has=page.get_by_role("button", name="Liitä polulle", exact=True))
    one.get_by_label("Olli Opettaja").check()
    one.get_by_label("Valmentaja").select_option(label="Ville Valmentaja")
    _checked(page)
    one.get_by_role("button", name="Liitä polulle", exact=True).click()
    expect(page.locator(".messages, [role=status], body").first).to_contain_text(
        "Polulle liitettiin 1 henkilö: Olli Opettaja."
    )
    _checked(page)

    # The programme's participants at once: one put on, one there already.
    group = page.locator("form", has=page.get_by_role("button", name="Liitä ryhmä polulle"))
    group.get_by_label("Ryhmä").select_option(label="Vertaisohjaajakoulutus (11.1.2027)")
    group.get_by_role("button", name="Liitä ryhmä polulle").click()
    expect(page.locator("body")).to_contain_text("Polulle liitettiin 1 henkilö: Vilma Vertainen.")
    expect(page.locator("body")).to_contain_text("1 henkilö oli jo tällä polulla: Olli Opettaja.")
    _checked(page)
    assert len(paths_of(trained)) == 1

    # The list, the path's page, the coach, stopping without a reason.
    page.goto(f"{live_server.url}/paths/people/")
    page.get_by_role("link", name="Olli Opettaja").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(template.name)
    expect(page.locator("body")).to_contain_text(TRAINING)
    _checked(page)
    page.get_by_role("link", name="Vaihda valmentaja").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Polun valmentaja")
    _checked(page)
    page.get_by_label("Valmentaja").select_option(label="Ei valmentajaa")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator("body")).to_contain_text("Polulla ei ole nyt valmentajaa.")
    page.get_by_role("link", name="Keskeytä polku").click()
    _checked(page)
    page.get_by_role("button", name="Keskeytä polku").click()
    expect(page.get_by_role("alert")).to_be_visible()
    _checked(page)
    assert paths_of(world.member)[0].status == "active"

    # The person's own path and a reflection.
    own = _phone(browser, live_server, world.member)
    own.goto(f"{live_server.url}/paths/mine/")
    expect(own.get_by_role("heading", level=1)).to_have_text("Oma polkuni")
    expect(own.locator("body")).to_contain_text(SHORT)
    _checked(own)
    own.get_by_label("Oma pohdintasi").fill("Ensimmäinen ryhmä jännitti, mutta sujui.")
    own.get_by_role("button", name="Tallenna pohdinta").click()
    expect(own.locator("body")).to_contain_text("Pohdintasi on tallennettu.")
    expect(own.locator("body")).to_contain_text("Ensimmäinen ryhmä jännitti, mutta sujui.")
    _checked(own)
