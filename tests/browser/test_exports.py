"""A large export in a real browser: the coordinator asks for a survey's answers as CSV, the
export is too large for the request, so the job page follows it (read out through its status
region) until the worker has built it and the page offers the download; the file holds every
answer; Omat viennit lists it. Axe on every page; the new pages fit a 360 px phone."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y
from tests.browser.test_small_screens import OVERFLOW, PHONE
from tests.core.test_tasks import DATABASE_QUEUE, run_worker_batch
from tests.surveys.factories import QuestionFactory, SurveyFactory, respond
from tutori.orgs.models import Role


def _survey(world):  # type: ignore[no-untyped-def]
    survey = SurveyFactory(organisation=world.oulu, open=True, title="Koulutustarpeet 2026")
    question = QuestionFactory(survey=survey, likert=True, text="Osaan käyttää tekoälyä.")
    for i in range(12):
        school = world.school_a if i < 7 else world.school_b
        respond(survey, {question: i % 5 + 1}, organisation=school, role=Role.MEMBER)
    return survey


def test_coordinator_follows_a_large_export_to_its_download(
    live_server, page: Page, browser, world, login, settings
):
    settings.TASKS = DATABASE_QUEUE  # the worker runs when the test says so
    settings.TUTORI_EXPORT_INLINE_ROWS = 10
    survey = _survey(world)
    login(world.coordinator)
    page.goto(f"{live_server.url}/surveys/{survey.pk}/results/")
    expect(page.get_by_text("12 vastausta")).to_be_visible()
    page.get_by_role("link", name="Lataa CSV").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kyselyn vastaukset: Koulutustarpeet 2026"
    )
    expect(page.get_by_text("Vienti on suuri, joten se tehdään taustalla.")).to_be_visible()
    status = page.get_by_role("status", name="Tila")
    expect(status).to_contain_text("Vienti on jonossa ja alkaa pian.")
    check_a11y(page)
    job_url = page.url

    run_worker_batch()  # the worker builds the file; the page notices by itself
    download_link = status.get_by_role("link", name="Lataa kysely-")
    expect(download_link).to_be_visible(timeout=10_000)
    expect(status).to_contain_text("Valmis: 12 riviä.")
    check_a11y(page)
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == f"kysely-{survey.pk}-vastaukset.csv"
    with open(download.path(), encoding="utf-8-sig") as stream:
        rows = list(csv.reader(io.StringIO(stream.read()), delimiter=";"))
    assert rows[0] == ["Organisaatio", "Rooli", "Osaan käyttää tekoälyä."]
    assert len(rows) == 13

    page.get_by_role("link", name="Kaikki omat viennit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Omat viennit")
    table = page.get_by_role("table", name="Omat viennit, uusin ensin")
    expect(
        table.get_by_role("link", name="Kyselyn vastaukset: Koulutustarpeet 2026")
    ).to_be_visible()
    expect(table).to_contain_text("valmis")
    check_a11y(page)

    phone = browser.new_context(
        viewport=PHONE, locale="fi-FI", storage_state=page.context.storage_state()
    )
    small = phone.new_page()
    for url in (f"{live_server.url}/exports/", job_url):
        small.goto(url)
        expect(small.get_by_role("heading", level=1)).to_be_visible()
        assert small.evaluate(OVERFLOW) is None, url
        check_a11y(small)
    phone.close()
