"""Completion in the browser: the coordinator confirms a completion on a 360 px phone (asked
first), the teacher downloads the certificate from Omat koulutukset, its code verifies on the
public page (and an unknown one says so); leaving, a manager's page of their people and the
follow-up invitation. Axe on every page, no phone page wider than the phone."""

from __future__ import annotations

import io

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import DEMO_PASSWORD, check_a11y
from tests.browser.test_small_screens import OVERFLOW, PHONE
from tests.programmes.factories import ParticipantFactory, SessionFactory
from tests.programmes.permissions.completion_cases import ready_teacher
from tutori.programmes.models import Participant, Session


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


def test_the_coordinator_confirms_the_teacher_downloads_and_the_code_verifies(
    live_server, browser: Browser, world
):
    p = ready_teacher(world)
    programme = p.programme
    programme.badge = "Työvalmentaja"
    programme.save(update_fields=["badge"])
    short = ParticipantFactory(programme=programme, person__display_name="Vajaa Väinö")
    base = live_server.url

    # The coordinator, on a phone: the programme's page, the completion page, ask, confirm.
    coordinator = _phone(browser, base, world.coordinator)
    coordinator.goto(f"{base}/programmes/{programme.pk}/")
    expect(coordinator.get_by_role("heading", name="Osallistujapolku")).to_be_visible()
    _visit(coordinator)
    coordinator.get_by_role("link", name="Suoritukset ja todistukset").click()
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text("Suoritukset")
    expect(
        coordinator.get_by_text("Läsnä 0 lähijaksossa, vaaditaan 2 (puuttuu 2).")
    ).to_be_visible()
    _visit(coordinator)
    coordinator.get_by_label(f"Vahvista suoritus: {world.member.display_name}").check()
    coordinator.get_by_role("button", name="Vahvista valitut suoritukset").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Vahvistetaanko suoritukset?")
    _visit(coordinator)
    coordinator.get_by_role("button", name="Vahvista suoritukset").click()
    expect(coordinator.get_by_text("Suoritus vahvistettu")).to_be_visible()
    _visit(coordinator)
    done = Participant._default_manager.get(pk=p.pk)
    assert done.status == Participant.Status.COMPLETED
    assert Participant._default_manager.get(pk=short.pk).status == Participant.Status.ENROLLED

    # The teacher, on a phone: Omat koulutukset, the certificate downloaded.
    teacher = _phone(browser, base, world.member)
    teacher.goto(f"{base}/programmes/my/")
    _visit(teacher)
    with teacher.expect_download() as download:
        teacher.get_by_role("link", name="Todistus (PDF)").click()
    with open(download.value.path(), "rb") as f:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(f.read())).pages)
    assert world.member.display_name in text and done.certificate_code in text
    teacher.goto(f"{base}/accounts/profile/")
    expect(teacher.get_by_text("Työvalmentaja", exact=True)).to_be_visible()
    _visit(teacher)

    # Anyone, signed out: the code verifies; a wrong one says so.
    public = _phone(browser, base)
    public.goto(f"{base}/programmes/certificates/{done.certificate_code}/")
    expect(public.get_by_text("Todistus on aito ja voimassa.")).to_be_visible()
    expect(public.get_by_text(programme.name)).to_be_visible()
    _visit(public)
    public.goto(f"{base}/programmes/certificates/vaara-koodi/")
    expect(public.get_by_text("Tällä koodilla ei löydy todistusta.")).to_be_visible()
    _visit(public)
    for page in (coordinator, teacher, public):
        page.context.close()


def test_leaving_the_managers_page_and_the_follow_up_invitation(
    live_server, browser: Browser, world
):
    p = ready_teacher(world)
    follow_up = SessionFactory(programme=p.programme, kind=Session.Kind.FOLLOW_UP)
    base = live_server.url

    teacher = _phone(browser, base, world.member)
    teacher.goto(f"{base}/programmes/my/")
    teacher.get_by_role("link", name="Keskeytä koulutus").click()
    _visit(teacher)
    teacher.get_by_role("button", name="Kirjaa keskeyttäminen").click()
    expect(teacher.get_by_role("alert")).to_be_visible()
    _visit(teacher)
    teacher.get_by_label("Keskeyttämisen syy").select_option(label="ei ehtinyt")
    teacher.get_by_role("button", name="Kirjaa keskeyttäminen").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Omat koulutukset")
    _visit(teacher)

    manager = _phone(browser, base, world.manager)
    manager.goto(f"{base}/programmes/people/")
    expect(manager.get_by_role("rowheader", name=world.member.display_name)).to_be_visible()
    _visit(manager)

    coordinator = _phone(browser, base, world.coordinator)
    coordinator.goto(f"{base}/programmes/{p.programme_id}/")
    expect(coordinator.get_by_text("ei ehtinyt: 1")).to_be_visible()
    coordinator.goto(f"{base}/programmes/sessions/{follow_up.pk}/invite/")
    _visit(coordinator)
    for page in (teacher, manager, coordinator):
        page.context.close()
