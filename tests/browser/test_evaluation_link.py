"""Linking a programme's evaluation surveys in a browser (part A): the coordinator opens
"Koulutusten arviointi", chooses the pre and post self-assessment (first the same survey
twice: the refusal is shown and the choice kept), makes the feedback survey from the
built-in instrument, and sees when the invitations go; a steering group member finds the
programme on the dashboard's panel. Then on a 360 × 740 phone. Axe on every page; every page
fits the phone."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import check_a11y, signed_in_page
from tests.browser.test_small_screens import OVERFLOW
from tests.evaluation.link_setup import link_all, linkable
from tests.factories import UserFactory
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.models import ProgrammeEvaluation


def _checked(page: Page) -> None:
    check_a11y(page)
    assert page.evaluate(OVERFLOW) is None, page.url


def test_the_coordinator_links_the_surveys(live_server, login, a11y, world):
    setup = linkable(world)
    page = login(world.coordinator)
    page.goto(f"{live_server.url}/evaluation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Koulutusten arviointi")
    a11y(page)
    row = page.get_by_role("row", name=setup.programme.name)
    expect(row).to_contain_text("Ei valittu")
    row.get_by_role("link", name="Valitse kyselyt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(setup.programme.name)
    a11y(page)
    page.get_by_label("Alkuarviointi").select_option(label="Alkuarviointi (Oulu, luonnos)")
    page.get_by_label("Loppuarviointi").select_option(label="Alkuarviointi (Oulu, luonnos)")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("alert")).to_contain_text("eivät voi olla sama kysely")
    expect(page.get_by_label("Alkuarviointi")).to_have_value(str(setup.pre.pk))
    a11y(page)
    page.get_by_label("Loppuarviointi").select_option(label="Loppuarviointi (Oulu, luonnos)")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Arviointikyselyt tallennettiin.")).to_be_visible()
    page.get_by_role("button", name="Tee palautekysely palautemittarista").click()
    expect(page.get_by_text("Palautekysely tehtiin mittarista")).to_be_visible()
    starts = setup.programme.starts_on
    expect(page.get_by_role("table", name="Arviointikyselyt ja kutsut")).to_contain_text(
        f"kutsut lähtevät {starts.day}.{starts.month}.{starts.year}"
    )
    a11y(page)
    with scopes_disabled():
        evaluation = ProgrammeEvaluation.objects.get(programme=setup.programme)
    assert (evaluation.pre_survey_id, evaluation.post_survey_id) == (setup.pre.pk, setup.post.pk)
    assert evaluation.feedback_survey_id is not None
    page.get_by_role("link", name="Takaisin koulutusten arviointiin").click()
    expect(page.get_by_role("row", name=setup.programme.name)).to_contain_text("Loppuarviointi")


def test_the_pages_fit_a_phone(live_server, browser: Browser, world):
    setup = linkable(world)
    link_all(setup, world.coordinator)
    page = signed_in_page(browser, live_server.url, world.coordinator, phone=True)
    for path in ("/evaluation/", f"/evaluation/programmes/{setup.programme.pk}/surveys/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        _checked(page)


def test_the_steering_group_member_finds_the_programme_on_the_dashboard(
    live_server, browser: Browser, world: Any
):
    setup = linkable(world)
    link_all(setup, world.coordinator)
    steerer = UserFactory(email="ohjausryhma@example.fi")
    setup.programme.steering_group.add(steerer)
    page = signed_in_page(browser, live_server.url, steerer, phone=True)
    panel = page.locator("section", has=page.get_by_role("heading", name="Koulutusten arviointi"))
    expect(panel).to_contain_text(setup.programme.name)
    _checked(page)
    panel.get_by_role("link", name="Koulutusten arviointi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Koulutusten arviointi")
    expect(page.get_by_role("row", name=setup.programme.name)).to_be_visible()
    _checked(page)
