"""A coordinator opens the school tutoring plans of a closed needs survey, in a browser: the
schools with their answers, one school's plan with its most needed topics, its tutors (named
tutor first) and the gap; printed without the menu; on a 360 px phone without sideways
scrolling; axe on every page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_small_screens import OVERFLOW, PHONE
from tests.surveys.plan_data import needs_survey
from tutori.surveys.models import Survey


def test_coordinator_opens_a_schools_tutoring_plan(world, login, a11y, live_server):
    data = needs_survey(world, in_a=8, in_b=2)
    data.survey.status = Survey.Status.CLOSED
    data.survey.save()
    page = login(world.coordinator)
    page.goto(f"{live_server.url}/surveys/{data.survey.pk}/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Koulujen tutorointisuunnitelmat")
    a11y(page)
    # Koulu B has too few answers to show.
    expect(page.get_by_role("row", name="Koulu B")).to_contain_text("Alle 5 vastausta")
    page.get_by_role("link", name="Tutorointisuunnitelma: Koulu A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tutorointisuunnitelma: Koulu A")
    a11y(page)
    digi = page.get_by_role("row", name="Digipedagogiikka")
    expect(digi).to_contain_text("100 %")
    expect(digi.get_by_role("listitem").first).to_contain_text("Tiina Tutor")
    expect(digi.get_by_role("listitem").first).to_contain_text("nimikkotutor")
    expect(page.get_by_role("row", name="Arviointi")).to_contain_text("Ei tutoria")
    gap = page.get_by_role("heading", name="Aukot: aiheet ilman tutoria")
    expect(gap).to_be_visible()
    expect(page.get_by_role("button", name="Tulosta suunnitelma")).to_be_visible()

    # Printed: the plan without the menu and the print button.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Tulosta suunnitelma")).to_be_hidden()
    expect(page.get_by_role("row", name="Digipedagogiikka")).to_be_visible()
    page.emulate_media(media="screen")

    # A phone: nothing wider than the screen, on the plan and on the list of schools.
    page.set_viewport_size(PHONE)
    page.reload()
    a11y(page)
    assert page.evaluate(OVERFLOW) is None
    page.goto(f"{live_server.url}/surveys/{data.survey.pk}/plan/")
    assert page.evaluate(OVERFLOW) is None


def test_a_principal_sees_only_their_own_schools_plan(world, login, live_server):
    data = needs_survey(world, in_a=6, in_b=6)
    page = login(world.manager)
    page.goto(f"{live_server.url}/surveys/{data.survey.pk}/plan/")
    expect(page.get_by_role("link", name="Tutorointisuunnitelma: Koulu A")).to_be_visible()
    expect(page.get_by_text("Koulu B")).to_have_count(0)
    response = page.goto(f"{live_server.url}/surveys/{data.survey.pk}/plan/{world.school_b.pk}/")
    assert response is not None and response.status in (403, 404)
