"""Participation in a training programme in a browser: the trainer marks a session's
attendance on a 360 × 740 phone (everyone present with one button, one partly, a mistake
in the hours kept and corrected); a participant records goals, returns an assignment and
the trainer accepts it. Axe on every page; the phone pages fit the phone."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DEMO_PASSWORD, check_a11y
from tests.browser.test_small_screens import OVERFLOW, PHONE
from tests.programmes.participation_setup import course
from tutori.programmes.models import Attendance, Submission


def _fits(page: Page) -> None:
    assert page.evaluate(OVERFLOW) is None, page.url


def _signed_in(browser: Browser, live_server: Any, user: Any, *, phone: bool = False) -> Page:
    args: dict[str, Any] = {"locale": "fi-FI", "timezone_id": "Europe/Helsinki"}
    if phone:
        args["viewport"] = PHONE
    page = browser.new_context(**args).new_page()
    page.set_default_timeout(15_000)
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Sähköposti").fill(user.email)
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page.locator("h1")).to_be_visible()
    return page


def test_the_trainer_marks_attendance_on_a_phone(live_server, browser: Browser, world):
    c = course(world)
    page = _signed_in(browser, live_server, world.tutor, phone=True)
    check_a11y(page)
    _fits(page)
    # The dashboard's trainer panel leads to today's session.
    page.get_by_role("link", name="Merkitse läsnäolot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Läsnäolot")
    check_a11y(page)
    _fits(page)

    page.get_by_role("button", name="Merkitse merkitsemättömät läsnä").click()
    maija = page.get_by_role("group", name="Maija Muu")
    maija.get_by_label("osittain").check()
    hours = maija.get_by_label("Tunnit")
    expect(hours).to_be_visible()
    hours.fill("5")
    page.get_by_role("button", name="Tallenna läsnäolot").click()
    expect(page.get_by_role("alert")).to_contain_text("enintään tapaamisen verran")
    check_a11y(page)
    _fits(page)
    maija = page.get_by_role("group", name="Maija Muu")
    expect(maija.get_by_label("Tunnit")).to_have_value("5")
    expect(page.get_by_role("group", name="Olli Opettaja").get_by_label("läsnä")).to_be_checked()
    maija.get_by_label("Tunnit").fill("2,5")
    page.get_by_role("button", name="Tallenna läsnäolot").click()
    expect(page.get_by_text("Läsnäolot tallennettu")).to_be_visible()
    check_a11y(page)
    _fits(page)
    marks = {a.participant_id: a for a in Attendance.objects.filter(session=c.session)}
    assert marks[c.member.pk].status == "present" and marks[c.member.pk].hours == Decimal("4")
    assert (marks[c.other.pk].status, marks[c.other.pk].hours) == ("partial", Decimal("2.5"))
    page.context.close()


def test_a_participant_returns_an_assignment_and_the_trainer_accepts_it(
    live_server, browser: Browser, world
):
    c = course(world)
    member = _signed_in(browser, live_server, world.member)
    member.goto(f"{live_server.url}/programmes/my/")
    check_a11y(member)
    member.get_by_role("link", name="Oma sivuni").first.click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Oma sivuni")
    check_a11y(member)
    expect(member.get_by_text("älä koskaan kirjoita oikeaa nimeä", exact=False)).to_be_visible()
    member.get_by_role("textbox", name="Omat tavoitteet").fill("Oppia yritysyhteistyötä.")
    member.get_by_role("textbox", name="Seurantacase").fill("Asiakas A, pitkään työttömänä.")
    member.get_by_role("button", name="Tallenna tavoitteet").click()
    expect(member.get_by_text("Tavoitteet ja seurantacase tallennettu.")).to_be_visible()
    member.get_by_role("link", name=re.compile(r"Palauta tehtävä\W+Välitehtävä 1")).click()
    check_a11y(member)
    member.get_by_role("textbox", name="Vastaus").fill("Haastattelin työnantajaa työkokeilusta.")
    member.get_by_role("button", name="Palauta", exact=True).click()
    expect(member.get_by_text("Tehtävä palautettu.")).to_be_visible()
    expect(member.get_by_text("odottaa kouluttajaa")).to_be_visible()
    check_a11y(member)

    trainer = _signed_in(browser, live_server, world.tutor)
    trainer.goto(f"{live_server.url}/programmes/{c.programme.pk}/")
    check_a11y(trainer)
    trainer.get_by_role("link", name="Välitehtävä 1: Olli Opettaja").click()
    expect(trainer.get_by_text("Haastattelin työnantajaa työkokeilusta.")).to_be_visible()
    check_a11y(trainer)
    trainer.get_by_label("Hyväksy").check()
    trainer.get_by_label("Palaute osallistujalle").fill("Hyvä havainto!")
    trainer.get_by_role("button", name="Tallenna ja ilmoita osallistujalle").click()
    expect(trainer.get_by_text("Tehtävä hyväksytty.")).to_be_visible()
    check_a11y(trainer)
    trainer.goto(f"{live_server.url}/programmes/participants/{c.member.pk}/")
    expect(trainer.get_by_text("Asiakas A, pitkään työttömänä.")).to_be_visible()
    check_a11y(trainer)
    assert Submission.objects.get().status == Submission.Status.ACCEPTED

    member.reload()
    expect(member.get_by_text("hyväksytty", exact=True)).to_be_visible()
    check_a11y(member)
    member.context.close()
    trainer.context.close()


def test_the_participants_pages_fit_a_phone(live_server, browser: Browser, world):
    c = course(world)
    page = _signed_in(browser, live_server, world.member, phone=True)
    for url in (
        f"/programmes/{c.programme.pk}/me/",
        f"/programmes/assignments/{c.interim.pk}/submit/",
        f"/programmes/{c.programme.pk}/",
    ):
        page.goto(f"{live_server.url}{url}")
        expect(page.locator("h1")).to_be_visible()
        check_a11y(page)
        _fits(page)
    page.context.close()
    page = _signed_in(browser, live_server, world.coordinator, phone=True)
    for url in (
        f"/programmes/{c.programme.pk}/info-letter/",
        f"/programmes/{c.programme.pk}/assignments/new/",
        f"/programmes/participants/{c.member.pk}/",
    ):
        page.goto(f"{live_server.url}{url}")
        expect(page.locator("h1")).to_be_visible()
        check_a11y(page)
        _fits(page)
    page.context.close()
