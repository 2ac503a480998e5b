"""Applying to a programme: a teacher applies on a 360 px phone from the programme's page,
the coordinator reads the application and accepts it, the teacher sees the place in Omat
koulutukset; the coordinator's direct enrolment and the cancel page. Axe on every page, no
phone page wider than the phone."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DEMO_PASSWORD, check_a11y
from tests.browser.test_small_screens import OVERFLOW, PHONE
from tests.programmes.applications_setup import open_programme
from tutori.programmes.models import Participant


def _fits(page: Page) -> None:
    assert page.evaluate(OVERFLOW) is None, page.url


def _phone_as(browser: Browser, base: str, user) -> Page:  # type: ignore[no-untyped-def]
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    context = browser.new_context(viewport=PHONE, locale="fi-FI", timezone_id="Europe/Helsinki")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Sähköposti").fill(user.email)
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page.locator("h1")).to_be_visible()
    return page


def _visit(page: Page) -> None:
    check_a11y(page)
    _fits(page)


def test_a_teacher_applies_the_coordinator_accepts_and_the_teacher_sees_it(
    live_server, browser: Browser, login, world
):
    programme = open_programme(
        world, criteria=["Millaisessa tehtävässä työskentelet?"], capacity=16
    )
    base = live_server.url

    # The teacher, on a phone: the programme's page, the form (a missing answer first).
    phone = _phone_as(browser, base, world.member)
    phone.goto(f"{base}/programmes/{programme.pk}/")
    _visit(phone)
    phone.get_by_role("link", name="Hae koulutukseen").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Hae koulutukseen")
    _visit(phone)
    phone.get_by_label("Miksi haet koulutukseen?").fill("Haluan oppia ohjaamaan nuoria.")
    phone.get_by_role("button", name="Lähetä hakemus").click()
    expect(phone.get_by_role("alert")).to_contain_text("Millaisessa tehtävässä työskentelet?")
    _visit(phone)
    expect(phone.get_by_label("Miksi haet koulutukseen?")).to_have_value(
        "Haluan oppia ohjaamaan nuoria."
    )
    phone.get_by_label("Millaisessa tehtävässä työskentelet?").fill("Työvalmentaja")
    phone.get_by_role("button", name="Lähetä hakemus").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Omat koulutukset")
    expect(phone.get_by_text("Hakemuksesi on lähetetty.")).to_be_visible()
    expect(phone.locator(".card").first).to_contain_text("hakenut")
    _visit(phone)

    # The coordinator: from the programme's page to the waiting application, accepted.
    page = login(world.coordinator)
    page.goto(f"{base}/programmes/{programme.pk}/")
    check_a11y(page)
    page.get_by_role("link", name="Käsittele hakemuksia").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hakemukset ja osallistujat")
    check_a11y(page)
    page.get_by_role("row", name=world.member.display_name).get_by_role(
        "link", name="Käsittele"
    ).click()
    expect(page.get_by_text("Haluan oppia ohjaamaan nuoria.")).to_be_visible()
    expect(page.get_by_text("Työvalmentaja")).to_be_visible()
    check_a11y(page)
    page.get_by_label("Hyväksy osallistujaksi").check()
    page.get_by_label("Viesti hakijalle").fill("Tervetuloa mukaan!")
    page.get_by_role("button", name="Tallenna päätös ja ilmoita hakijalle").click()
    expect(page.get_by_text("on nyt osallistuja")).to_be_visible()
    check_a11y(page)
    assert Participant._default_manager.get(person=world.member).status == "enrolled"

    # The teacher sees the place and the coordinator's message, and may still cancel.
    phone.goto(f"{base}/programmes/my/")
    card = phone.locator(".card").first
    expect(card).to_contain_text("osallistuja")
    expect(card).to_contain_text("Tervetuloa mukaan!")
    _visit(phone)
    phone.get_by_role("link", name="Peru osallistuminen").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Peru osallistuminen")
    _visit(phone)
    phone.get_by_role("link", name="Takaisin").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Omat koulutukset")
    phone.context.close()


def test_the_coordinator_enrols_a_person_directly_on_a_phone(live_server, browser: Browser, world):
    programme = open_programme(world, capacity=16)
    base = live_server.url
    phone = _phone_as(browser, base, world.coordinator)
    phone.goto(f"{base}/programmes/{programme.pk}/enrol/")
    _visit(phone)
    phone.get_by_label("Hae henkilöä nimellä tai sähköpostilla").fill("Olli")
    phone.get_by_role("button", name="Hae", exact=True).click()
    _visit(phone)
    phone.get_by_role("row", name=world.member.display_name).get_by_role(
        "button", name="Ilmoita osallistujaksi"
    ).click()
    expect(phone.get_by_text("on nyt osallistuja")).to_be_visible()
    _visit(phone)
    phone.goto(f"{base}/programmes/{programme.pk}/applications/")
    expect(phone.get_by_role("cell", name="osallistuja").first).to_be_visible()
    _visit(phone)
    p = Participant._default_manager.get(person=world.member)
    phone.goto(f"{base}/programmes/applications/{p.pk}/")
    _visit(phone)
    phone.goto(f"{base}/programmes/participants/{p.pk}/cancel/")
    _visit(phone)
    phone.get_by_label("Syy (vapaaehtoinen)").fill("Päällekkäinen koulutus")
    phone.get_by_role("button", name="Peru osallistuminen").click()
    expect(phone.get_by_text("Osallistuminen peruttu")).to_be_visible()
    _visit(phone)
    phone.context.close()
