"""The review part's pages in a browser: on a 360 px phone the coordinator records a
participant's goals from the programme page, and cancels a programme giving a reason. Axe
on every page; each page fits the phone."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.browser.conftest import check_a11y
from tests.browser.test_programmes_participation import _fits, _signed_in
from tests.programmes.participation_setup import course
from tutori.programmes.models import Participant, Programme


def test_the_coordinator_records_goals_and_cancels_the_programme_on_a_phone(
    live_server, browser: Browser, world
):
    c = course(world)
    page = _signed_in(browser, live_server, world.coordinator, phone=True)
    page.goto(f"{live_server.url}/programmes/{c.programme.pk}/")
    page.get_by_role("link", name=re.compile(r"^Kirjaa tavoitteet\s*: Olli Opettaja$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaa tavoitteet")
    check_a11y(page)
    _fits(page)
    page.get_by_label("Osallistujan tavoitteet").fill("Oppia ohjaamaan työkokeiluun.")
    page.get_by_role("button", name="Tallenna tavoitteet").click()
    expect(page.get_by_text("Osallistujan tavoitteet tallennettu.")).to_be_visible()
    expect(page.get_by_text("Oppia ohjaamaan työkokeiluun.")).to_be_visible()
    check_a11y(page)
    _fits(page)
    assert Participant._default_manager.get(pk=c.member.pk).goals == (
        "Oppia ohjaamaan työkokeiluun."
    )

    page.goto(f"{live_server.url}/programmes/{c.programme.pk}/cancel/")
    check_a11y(page)
    _fits(page)
    page.get_by_label("Syy").fill("Kouluttaja sairastui")
    page.get_by_role("button", name="Peru koulutus").click()
    expect(page.get_by_text("Koulutus peruttu.")).to_be_visible()
    check_a11y(page)
    assert Programme._default_manager.get(pk=c.programme.pk).status == "cancelled"
    page.context.close()
