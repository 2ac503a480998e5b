"""The whole programme in a real browser, as issue 14 describes it: a coordinator creates a
programme with four sessions and publishes it; a teacher applies on a phone and is accepted;
the trainer marks attendance of every session on a phone; the coordinator confirms the
completion; the teacher downloads the certificate and its code verifies on the public page.
Axe on every page."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import DEMO_PASSWORD, check_a11y
from tests.browser.test_small_screens import OVERFLOW, PHONE
from tutori.core.scoping import scopes_disabled
from tutori.programmes.models import Participant, Programme


def _phone(browser: Browser, base: str, user=None) -> Page:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, locale="fi-FI", timezone_id="Europe/Helsinki")
    context.set_default_timeout(15_000)
    page = context.new_page()
    if user is not None:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Sähköposti").fill(user.email)
        page.get_by_label("Salasana").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Kirjaudu", exact=True).click()
        expect(page.locator("h1")).to_be_visible()
    return page


def _visit(page: Page) -> None:
    check_a11y(page)
    assert page.evaluate(OVERFLOW) is None, page.url


def test_a_programme_from_planning_to_a_verified_certificate(
    live_server, page: Page, browser: Browser, world, login
):
    base = live_server.url
    today = timezone.localdate()
    # Four weekly meetings that have already been held (attendance opens on a session's day).
    days = [today - dt.timedelta(days=d) for d in (28, 21, 14, 7)]

    # The coordinator plans the programme on a laptop.
    login(world.coordinator)
    page.goto(f"{base}/programmes/new/")
    check_a11y(page)
    page.get_by_role("textbox", name="Nimi", exact=True).fill("Vertaisohjaajakoulutus")
    page.get_by_label("Opintopisteet (op)").fill("2")
    page.get_by_label("Teemat").fill("Vertaisohjaajan rooli\nVuorovaikutus")
    page.get_by_label("Koulutus alkaa").fill(days[0].isoformat())
    page.get_by_label("Koulutus päättyy").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_label("Haku alkaa").fill((days[0] - dt.timedelta(days=14)).isoformat())
    page.get_by_label("Haku päättyy").fill((today + dt.timedelta(days=7)).isoformat())
    trainers = page.get_by_role("group", name="Kouluttajat", exact=True)
    trainers.get_by_role("searchbox", name="Suodata nimellä").fill("tiina")
    trainers.get_by_role("checkbox", name="Tiina Tutor (Koulu A)").check()
    page.get_by_label("Paikkoja").fill("6")
    page.get_by_label("Merkki profiiliin").fill("Vertaisohjaaja")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Koulutus tallennettu luonnoksena.")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="Lisää tapaaminen").first.click()
    for n, day in enumerate(days):
        page.get_by_label("Päivä").fill(day.isoformat())
        page.get_by_label("Alkaa klo").fill("09:00")
        page.get_by_label("Päättyy klo").fill("12:00")
        page.get_by_role("combobox", name="Teema").select_option(
            label="Vuorovaikutus" if n % 2 else "Vertaisohjaajan rooli"
        )
        page.get_by_label("Paikka ja osoite").fill("Työpaja, Koulutie 1")
        last = n == len(days) - 1
        page.get_by_role(
            "button", name="Tallenna" if last else "Tallenna ja lisää seuraava", exact=True
        ).click()
    expect(page.locator("table.timetable tbody tr")).to_have_count(4)
    expect(page.locator("table.timetable tfoot")).to_contain_text("4 lähijaksoa, 12 tuntia; 2 op")
    page.get_by_role("link", name="Julkaise", exact=True).click()
    page.get_by_role("button", name="Julkaise").click()
    expect(page.get_by_text("Koulutus julkaistu.")).to_be_visible()
    check_a11y(page)
    with scopes_disabled():
        programme = Programme.objects.get(name="Vertaisohjaajakoulutus")
        sessions = list(programme.sessions.order_by("date"))
    assert len(sessions) == 4

    # A teacher applies on a phone.
    teacher = _phone(browser, base, world.member)
    teacher.goto(f"{base}/programmes/{programme.pk}/")
    _visit(teacher)
    teacher.get_by_role("link", name="Hae koulutukseen").click()
    teacher.get_by_label("Miksi haet koulutukseen?").fill("Haluan tukea nuoria työpajalla. 🙂")
    teacher.get_by_role("button", name="Lähetä hakemus").click()
    expect(teacher.get_by_text("Hakemuksesi on lähetetty.")).to_be_visible()
    _visit(teacher)

    # The coordinator accepts the application.
    page.goto(f"{base}/programmes/{programme.pk}/applications/")
    check_a11y(page)
    page.get_by_role("row", name=world.member.display_name).get_by_role(
        "link", name="Käsittele"
    ).click()
    expect(page.get_by_text("Haluan tukea nuoria työpajalla. 🙂")).to_be_visible()
    page.get_by_label("Hyväksy osallistujaksi").check()
    page.get_by_role("button", name="Tallenna päätös ja ilmoita hakijalle").click()
    expect(page.get_by_text("on nyt osallistuja")).to_be_visible()
    check_a11y(page)

    # The trainer marks every session's attendance on a phone.
    trainer = _phone(browser, base, world.tutor)
    for session in sessions:
        trainer.goto(f"{base}/programmes/sessions/{session.pk}/attendance/")
        expect(trainer.get_by_role("heading", level=1)).to_have_text("Läsnäolot")
        trainer.get_by_role("group", name=world.member.display_name).get_by_label(
            "läsnä", exact=True
        ).check()
        trainer.get_by_role("button", name="Tallenna läsnäolot").click()
        expect(trainer.get_by_text("Läsnäolot tallennettu")).to_be_visible()
    _visit(trainer)

    # The coordinator confirms the completion (asked first).
    page.goto(f"{base}/programmes/{programme.pk}/completion/")
    check_a11y(page)
    page.get_by_label(f"Vahvista suoritus: {world.member.display_name}").check()
    page.get_by_role("button", name="Vahvista valitut suoritukset").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vahvistetaanko suoritukset?")
    check_a11y(page)
    page.get_by_role("button", name="Vahvista suoritukset").click()
    expect(page.get_by_text("Suoritus vahvistettu")).to_be_visible()
    done = Participant._default_manager.get(programme=programme, person=world.member)
    assert done.status == Participant.Status.COMPLETED and done.certificate_code

    # The teacher downloads the certificate: name, hours and credits.
    teacher.goto(f"{base}/programmes/my/")
    _visit(teacher)
    with teacher.expect_download() as download:
        teacher.get_by_role("link", name="Todistus (PDF)").click()
    with open(download.value.path(), "rb") as f:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)
    assert world.member.display_name in text
    assert re.search(r"12\s*tuntia", text) and re.search(r"2\s*op", text), text
    assert done.certificate_code in text

    # Anyone, signed out, verifies the code.
    public = _phone(browser, base)
    public.goto(f"{base}/programmes/certificates/{done.certificate_code}/")
    expect(public.get_by_text("Todistus on aito ja voimassa.")).to_be_visible()
    _visit(public)
    for context in (teacher.context, trainer.context, public.context):
        context.close()
