"""A survey's results in a real browser: the coordinator opens them, reads a question's chart
and its table, narrows them to one school and one role (below five: said so), on a laptop
and on a 360 px phone; axe on every page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y
from tests.browser.test_small_screens import OVERFLOW, PHONE
from tests.surveys.factories import (
    QuestionFactory,
    RecipientFactory,
    SectionFactory,
    SurveyFactory,
    respond,
)
from tutori.orgs.models import Role
from tutori.surveys.models import Choice


def _survey(world):
    survey = SurveyFactory(organisation=world.oulu, open=True, title="Koulutustarpeet 2026")
    section = SectionFactory(survey=survey, title="Osaaminen")
    likert = QuestionFactory(
        survey=survey, section=section, likert=True, text="Osaan käyttää tekoälyä opetuksessa."
    )
    single = QuestionFactory(
        survey=survey,
        section=section,
        single=True,
        text="Haluatko tutorin?",
        choices=["kyllä", "ei"],
    )
    text = QuestionFactory(survey=survey, section=section, text="Mitä muuta toivot?")
    yes, no = Choice._default_manager.filter(question=single)
    for i in range(6):
        respond(
            survey,
            {likert: i % 5 + 1, single: yes if i < 4 else no, text: f"Toive {i}"},
            organisation=world.school_a,
            role=Role.MEMBER,
        )
    for _i in range(5):
        respond(survey, {likert: 2, single: no}, organisation=world.school_b, role=Role.TUTOR)
    for i in range(10):
        RecipientFactory(survey=survey, organisation=world.school_a, answered=i < 6)
    return survey


def test_coordinator_reads_results_filters_them_and_on_a_phone(
    live_server, page: Page, browser, world, login
):
    survey = _survey(world)
    login(world.coordinator)
    page.goto(f"{live_server.url}/surveys/{survey.pk}/")
    rate = page.locator(f"#survey-rate-{survey.pk}")
    expect(rate).to_contain_text("60 %")
    expect(rate.get_by_role("row", name="Koulu A 10 6 60 %")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="Näytä tulokset").click()
    url = f"{live_server.url}/surveys/{survey.pk}/results/"
    expect(page).to_have_url(url)

    expect(page.get_by_role("heading", level=1)).to_have_text("Tulokset: Koulutustarpeet 2026")
    expect(page.get_by_text("11 vastausta")).to_be_visible()
    expect(page.locator(f"#survey-rate-{survey.pk}")).to_contain_text("60 %")
    chart = page.get_by_role("img", name="Osaan käyttää tekoälyä opetuksessa.")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Vastausten jakauma: Haluatko tutorin?")
    expect(table.get_by_role("row", name="kyllä 4 36 %")).to_be_visible()
    expect(page.get_by_text("Toive 0")).to_be_visible()
    check_a11y(page)

    page.get_by_label("Organisaatio").select_option(label="Koulu A")
    page.get_by_role("button", name="Näytä").click()
    expect(page.get_by_text("Organisaatio: Koulu A: 6 vastausta.")).to_be_visible()
    expect(
        page.get_by_role("table", name="Vastausten jakauma: Haluatko tutorin?").get_by_role(
            "row", name="ei 2 33 %"
        )
    ).to_be_visible()
    check_a11y(page)

    page.get_by_label("Rooli").select_option(label="tutor")
    page.get_by_role("button", name="Näytä").click()
    expect(
        page.get_by_text("Alle 5 vastausta: tuloksia ei näytetä yksityisyyden suojaamiseksi.")
    ).to_be_visible()
    expect(page.get_by_role("img")).to_have_count(0)
    expect(page.get_by_role("link", name="Lataa CSV")).to_have_count(0)
    check_a11y(page)

    phone = browser.new_context(
        viewport=PHONE, locale="fi-FI", storage_state=page.context.storage_state()
    )
    small = phone.new_page()
    small.goto(url)
    expect(small.get_by_role("img", name="Osaan käyttää tekoälyä opetuksessa.")).to_be_visible()
    assert small.evaluate(OVERFLOW) is None
    check_a11y(small)
    phone.close()
