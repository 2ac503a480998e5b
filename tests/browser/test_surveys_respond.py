"""Answering a survey by the personal link on a 360 × 740 phone (save a draft, come back,
submit; the used and the unknown link), the coordinator's sending page following the
progress, and Omat kyselyt; axe on every page, no page wider than the phone."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import check_a11y
from tests.browser.test_small_screens import OVERFLOW, PHONE
from tests.surveys.factories import RecipientFactory
from tests.surveys.sending import links, ready_survey
from tutori.core.scoping import scopes_disabled
from tutori.surveys.models import Recipient, Response, Survey
from tutori.surveys.services.distribution import survey_send


def _fits(page: Page) -> None:
    assert page.evaluate(OVERFLOW) is None, page.url


def _phone(browser: Browser) -> Page:
    context = browser.new_context(viewport=PHONE, locale="fi-FI", timezone_id="Europe/Helsinki")
    context.set_default_timeout(15_000)
    return context.new_page()


def test_a_teacher_answers_by_the_link_on_a_phone(live_server, browser: Browser, world):
    survey = ready_survey(world, title="Kurssipalaute")
    assert survey_send(by=world.coordinator, survey=survey)
    link = f"{live_server.url}/surveys/answer/{links()[world.member.email]}/"
    page = _phone(browser)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kurssipalaute")
    check_a11y(page)
    _fits(page)
    page.get_by_label("Terveiset").fill("Hyvä kurssi, kesken")
    page.get_by_role("button", name="Tallenna ja jatka myöhemmin").click()
    expect(page.get_by_text("Vastauksesi on tallennettu.")).to_be_visible()
    check_a11y(page)

    # Later, from the same link: the draft is there; the required grade is still missing.
    page.goto(link)
    expect(page.get_by_label("Terveiset")).to_have_value("Hyvä kurssi, kesken")
    page.get_by_label("Terveiset").fill("Hyvä kurssi")
    page.get_by_role("button", name="Lähetä vastaukset").click()
    expect(page.get_by_role("alert")).to_contain_text("Vastaa tähän kysymykseen.")
    check_a11y(page)
    _fits(page)
    page.get_by_role("group", name="Arvosana kurssille").get_by_label("9", exact=True).check()
    page.get_by_role("group", name="Miten osallistuit").get_by_label("etä").check()
    page.get_by_role("button", name="Lähetä vastaukset").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiitos vastauksestasi")
    check_a11y(page)
    _fits(page)
    with scopes_disabled():
        [answer] = Response.objects.filter(survey=survey)
    assert answer.submitted and answer.person_id is None and answer.recipient_id is None

    page.goto(link)
    expect(page.get_by_text("Tähän kyselyyn on jo vastattu tällä linkillä.")).to_be_visible()
    check_a11y(page)
    page.goto(f"{live_server.url}/surveys/answer/tama-linkki-ei-ole-oikea-1234567/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Linkkiä ei löytynyt")
    check_a11y(page)
    _fits(page)


def test_the_coordinator_follows_the_sending_and_the_recipients(
    live_server, page: Page, world, login
):
    survey = ready_survey(world, title="Koulutustarpeet")
    Survey._default_manager.filter(pk=survey.pk).update(
        send_started_at=timezone.now(), send_total=5000, status=Survey.Status.OPEN
    )
    with scopes_disabled():
        for n in range(3):
            RecipientFactory(survey=survey, email=f"r{n}@example.fi", sent_at=timezone.now())
    login(world.coordinator)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/surveys/{survey.pk}/send/")
    expect(page.get_by_text("Lähetetään: 3 / 5000")).to_be_visible()
    check_a11y(page)
    _fits(page)
    # The page polls: once the job is done, it says so without a reload.
    Survey._default_manager.filter(pk=survey.pk).update(
        send_finished_at=timezone.now(), send_total=3
    )
    expect(page.get_by_text("Lähetetty 3 vastaanottajalle.")).to_be_visible(timeout=8_000)
    check_a11y(page)

    page.get_by_role("link", name="Muuta vastaanottajia").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vastaanottajat: Koulutustarpeet")
    check_a11y(page)
    _fits(page)
    page.get_by_role("link", name="Peruuta").click()
    page.get_by_role("link", name="Vastaanottajat ja vastanneet").click()
    expect(page.get_by_text("3 vastaanottajaa")).to_be_visible()
    check_a11y(page)
    _fits(page)
    page.get_by_label("Hae nimellä tai sähköpostilla").fill("r1")
    expect(page.get_by_text("1 vastaanottaja", exact=True)).to_be_visible()
    assert Recipient._default_manager.filter(survey=survey).count() == 3

    # Closing asks first, then says what happened.
    page.goto(f"{live_server.url}/surveys/{survey.pk}/send/")
    page.get_by_text("Sulje kysely nyt").click()
    check_a11y(page)
    _fits(page)
    page.get_by_role("button", name="Sulje kysely", exact=True).click()
    expect(page.get_by_text("Kysely suljettu.")).to_be_visible()
    check_a11y(page)
    assert Survey._default_manager.get(pk=survey.pk).status == Survey.Status.CLOSED


def test_omat_kyselyt_on_a_phone(live_server, browser: Browser, world):
    survey = ready_survey(world, title="Kurssipalaute", anonymous=False)
    Survey._default_manager.filter(pk=survey.pk).update(
        status=Survey.Status.OPEN, closes_at=timezone.now() + timedelta(days=3)
    )
    with scopes_disabled():
        RecipientFactory(survey=survey, person=world.member, email=world.member.email)
    world.member.set_password("salasana-123")
    world.member.save()
    page = _phone(browser)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköposti").fill(world.member.email)
    page.get_by_label("Salasana").fill("salasana-123")
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page.get_by_text("1 kysely odottaa vastaustasi")).to_be_visible()
    check_a11y(page)
    page.get_by_text("1 kysely odottaa vastaustasi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Omat kyselyt")
    check_a11y(page)
    _fits(page)
    page.get_by_role("link", name=re.compile(r"^Vastaa\s*: Kurssipalaute$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kurssipalaute")
    check_a11y(page)
    _fits(page)
