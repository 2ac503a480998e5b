"""Numbers that agree, in a real browser: the coordinator types money as the app shows it
("1 200,50", with a non-breaking space too), the principal approves with a reason and undoes
the approval, and the report's totals by school and by topic are the same figure. Every page
passes the accessibility check."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y
from tests.factories import TopicFactory
from tutori.tutoring.models import SubstituteBudget, SubstituteSpend, TutoringSession


def _log_uneven_minutes(world) -> None:  # type: ignore[no-untyped-def]
    """90 minutes: Koulu A 20 + 20, Koulu B 25 + 25, over two topics (rounded group by group
    the schools made 1,5 h and the topics 1,6 h)."""
    topics = [
        TopicFactory(organisation=world.oulu, name="Arviointi"),
        TopicFactory(organisation=world.oulu, name="Digipedagogiikka"),
    ]
    for school, minutes in ((world.school_a, 20), (world.school_b, 25)):
        for topic in topics:
            TutoringSession._default_manager.create(
                tutor=world.tutor,
                organisation=school,
                topic=topic,
                date=timezone.localdate() - timedelta(days=1),
                duration_minutes=minutes,
                participant_count=3,
            )


def _total(page: Page) -> str:
    return page.locator("table tfoot").first.locator("td").first.inner_text()


def test_money_as_shown_a_reason_an_undo_and_totals_that_agree(
    live_server, page: Page, browser, world, login
):
    _log_uneven_minutes(world)
    today = timezone.localdate()

    # The coordinator types the amounts the way Tutori shows them.
    login(world.coordinator)
    page.goto(f"{live_server.url}{reverse('tutoring:budget_new')}")
    check_a11y(page)
    school = page.get_by_label("Koulu")
    options = school.locator("option").all_inner_texts()
    assert "Oulu" not in options and "Koulu A" in options  # schools only
    school.select_option(label="Koulu A")
    page.get_by_label("Budjettikausi").fill("Lukuvuosi 2026–2027")
    page.get_by_label("Alkaa").fill(date(today.year - 1, 8, 1).isoformat())
    page.get_by_label("Päättyy").fill(date(today.year + 1, 7, 31).isoformat())
    page.get_by_label("Budjetti (€)").fill("2 400,50")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sijaisbudjetti – Koulu A")
    expect(page.locator("dl.facts")).to_contain_text("2\u00a0400,50 €")
    check_a11y(page)
    budget = SubstituteBudget._default_manager.get()
    assert budget.amount == 2400.50

    page.get_by_role("link", name="Lisää kulu").click()
    check_a11y(page)
    page.get_by_label("Päivä").fill((today + timedelta(days=2)).isoformat())
    page.get_by_label("Summa (€)").fill("1\u00a0200,50")  # as copied from the page
    page.get_by_label(re.compile(r"^Kuvaus")).fill("Sijainen koulutuspäivälle")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sijaisbudjetti – Koulu A")
    expect(page.get_by_role("table")).to_contain_text("1\u00a0200,50 €")
    spend = SubstituteSpend._default_manager.get()
    assert (spend.amount, spend.status) == (1200.50, SubstituteSpend.Status.PROPOSED)
    decide_url = reverse("tutoring:spend_decide", args=[spend.pk])
    assert any(m.to == [world.manager.email] and decide_url in m.body for m in mail.outbox)

    # The principal follows the mail's link, approves with a reason, then undoes it.
    principal = browser.new_page(locale="fi-FI", timezone_id="Europe/Helsinki")
    principal.set_default_timeout(10_000)
    world.manager.set_password("salasana-123")
    world.manager.save()
    principal.goto(f"{live_server.url}/accounts/login/?next={decide_url}")
    principal.get_by_label("Sähköposti").fill(world.manager.email)
    principal.get_by_label("Salasana").fill("salasana-123")
    principal.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(principal.get_by_role("heading", level=1)).to_have_text("Päätä sijaiskulusta")
    check_a11y(principal)
    principal.get_by_label("Perustelu (vapaaehtoinen)").fill("Koulutus on tärkeä.")
    principal.get_by_role("button", name="Hyväksy kulu").click()
    expect(principal.get_by_role("heading", level=1)).to_contain_text("Sijaisbudjetti")
    expect(principal.get_by_role("table")).to_contain_text("Perustelu: Koulutus on tärkeä.")
    check_a11y(principal)
    spend.refresh_from_db()
    assert (spend.status, spend.decision_reason) == (
        SubstituteSpend.Status.APPROVED,
        "Koulutus on tärkeä.",
    )
    assert any(
        m.to == [world.coordinator.email] and "Koulutus on tärkeä." in m.body for m in mail.outbox
    )

    principal.get_by_role("link", name="Peru päätös").click()
    expect(principal.get_by_role("heading", level=1)).to_have_text("Peru päätös sijaiskulusta")
    check_a11y(principal)
    spend.refresh_from_db()
    assert spend.status == SubstituteSpend.Status.APPROVED  # asking changed nothing
    principal.get_by_role("button", name="Peru päätös").click()
    expect(principal.get_by_text("Päätös peruttu. Kulu odottaa taas päätöstä.")).to_be_visible()
    expect(principal.get_by_role("button", name="Hyväksy")).to_be_visible()
    check_a11y(principal)
    spend.refresh_from_db()
    assert (spend.status, spend.decided_by) == (SubstituteSpend.Status.PROPOSED, None)
    principal.close()

    # The report: the same total by school and by topic.
    totals = {}
    for group, label in (("school", "Koulu"), ("topic", "Aihe")):
        page.goto(f"{live_server.url}{reverse('tutoring:report_hours')}")
        page.get_by_label("Ryhmittely").select_option(label=label)
        page.get_by_role("button", name="Näytä").click()
        expect(page.get_by_role("table").first).to_contain_text("Yhteensä")
        check_a11y(page)
        totals[group] = _total(page)
    assert totals == {"school": "1,5", "topic": "1,5"}
