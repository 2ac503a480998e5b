"""Coordinator and principal in a real browser: a substitute budget, a spend that would take
it below zero (warned, then confirmed), the principal's approval, and the hours report."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y
from tutori.tutoring.models import SubstituteBudget, SubstituteSpend, TutoringSession


def test_budget_spend_approval_and_report(live_server, page: Page, browser, world, login):
    for day in range(6):
        TutoringSession._default_manager.create(
            tutor=world.tutor,
            organisation=world.school_a,
            date=timezone.localdate() - timedelta(days=day + 1),
            duration_minutes=60,
            participant_count=2,
        )
    login(world.coordinator)
    page.goto(f"{live_server.url}/tutoring/budgets/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sijaisbudjetit")
    check_a11y(page)
    page.get_by_role("link", name="Lisää sijaisbudjetti").click()
    check_a11y(page)
    today = timezone.localdate()
    page.get_by_label("Koulu").select_option(label="Koulu A")
    page.get_by_label("Budjettikausi").fill("syksy 2026")
    page.get_by_label("Alkaa").fill(date(today.year, 1, 1).isoformat())
    page.get_by_label("Päättyy").fill(date(today.year, 12, 31).isoformat())
    page.get_by_label("Budjetti (€)").fill("300")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sijaisbudjetti – Koulu A")
    check_a11y(page)

    page.get_by_role("link", name="Lisää kulu").click()
    page.get_by_label("Päivä").fill(today.isoformat())
    page.get_by_label("Summa (€)").fill("450,00")
    page.get_by_label(re.compile(r"^Kuvaus")).fill("Sijainen kahdeksi päiväksi")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("alert").first).to_contain_text("miinukselle")
    check_a11y(page)
    assert not SubstituteSpend._default_manager.exists()
    page.get_by_label("Ymmärrän, että budjetti menee miinukselle").check()
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sijaisbudjetti – Koulu A")
    spend = SubstituteSpend._default_manager.get()
    assert spend.status == SubstituteSpend.Status.PROPOSED
    # Four eyes: the coordinator who proposed the spend is told that someone else decides.
    expect(page.get_by_text("Lisäsit kulun itse")).to_be_visible()
    expect(page.get_by_role("button", name="Hyväksy")).to_have_count(0)
    check_a11y(page)

    # The principal approves in their own session.
    manager_page = browser.new_page(locale="fi-FI")
    world.manager.set_password("salasana-123")
    world.manager.save()
    manager_page.goto(f"{live_server.url}/accounts/login/")
    manager_page.get_by_label("Sähköposti").fill(world.manager.email)
    manager_page.get_by_label("Salasana").fill("salasana-123")
    manager_page.get_by_role("button", name="Kirjaudu", exact=True).click()
    budget = SubstituteBudget._default_manager.get()
    manager_page.goto(f"{live_server.url}/tutoring/budgets/{budget.pk}/")
    check_a11y(manager_page)
    manager_page.get_by_role("button", name="Hyväksy").first.click()
    spend.refresh_from_db()
    assert spend.status == SubstituteSpend.Status.APPROVED
    manager_page.close()

    page.goto(f"{live_server.url}/tutoring/reports/hours/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tutorointitunnit")
    expect(page.locator("figure svg")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("Koulu A")
    check_a11y(page)
