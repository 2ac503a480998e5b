"""No dead ends, in a real browser: a teacher sees why a far-off time cannot be booked yet
instead of "Varaa", joins a full group time's waiting list with its one "Liity jonoon"
button, sees a cancelled booking move to the history, and copies the calendar link."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y
from tests.factories import BookingFactory, SlotFactory, UserFactory
from tutori.tutoring.models import Booking, Mode


def _at(days: int, hour: int = 14):
    start = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return start + timedelta(days=days)


def _catalogue(page: Page) -> None:
    page.get_by_role("navigation", name="Päävalikko").get_by_role(
        "link", name="Mihin voin saada apua?"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mihin voin saada apua?")
    check_a11y(page)


def test_far_off_time_says_when_it_opens_and_a_full_group_is_joined_in_one_click(
    live_server, page: Page, world, login
):
    far = SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        starts_at=_at(7 * 12),
        ends_at=_at(7 * 12) + timedelta(hours=1),
        note="Kevään klinikka",
    )
    full = SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        mode=Mode.GROUP,
        capacity=2,
        starts_at=_at(3),
        ends_at=_at(3) + timedelta(hours=1),
        note="Täysi ryhmä",
    )
    for _i in range(2):
        BookingFactory(slot=full, person=UserFactory())

    login(world.member)
    _catalogue(page)
    results = page.locator("#slot-results")
    far_item = results.locator("li.slot", has_text="Kevään klinikka")
    opens = timezone.localtime(far.starts_at - timedelta(weeks=8))
    expect(far_item).to_contain_text(f"Varattavissa alkaen {opens:%-d.%-m.} klo {opens:%H:%M}")
    expect(far_item.get_by_role("link", name=re.compile("^Varaa"))).to_have_count(0)

    full_item = results.locator("li.slot", has_text="Täysi ryhmä")
    expect(full_item.get_by_role("link", name=re.compile("^Varaa"))).to_have_count(0)
    full_item.get_by_role("link", name=re.compile("^Liity jonoon")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Varaa aika")
    check_a11y(page)
    expect(page.get_by_role("checkbox")).to_have_count(0)
    page.get_by_role("button", name="Liity jonoon").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Omat varaukset")
    expect(page.get_by_text("Aika oli täynnä: olet jonossa.")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("jonossa 1.")
    check_a11y(page)
    booking = Booking._default_manager.get(slot=full, person=world.member)
    assert booking.status == Booking.Status.WAITING


def test_a_cancelled_booking_moves_to_the_history(live_server, page: Page, world, login):
    slot = SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        starts_at=_at(4),
        ends_at=_at(4) + timedelta(hours=1),
    )
    booking = BookingFactory(slot=slot, person=world.member)

    login(world.member)
    page.get_by_role("navigation", name="Päävalikko").get_by_role(
        "link", name="Omat varaukset"
    ).click()
    upcoming = page.get_by_role("table", name="Tulevat varaukset")
    expect(upcoming).to_contain_text("Tiina Tutor")
    check_a11y(page)
    upcoming.get_by_role("link", name=re.compile("^Peru")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peru varaus")
    check_a11y(page)
    page.get_by_label("Peruutuksen syy").fill("Vanhempainilta samaan aikaan")
    page.get_by_role("button", name="Kyllä, peru varaus").click()

    expect(page.get_by_text("Varaus peruttu.")).to_be_visible()
    expect(page.get_by_role("table", name="Tulevat varaukset")).to_have_count(0)
    expect(page.get_by_text("Sinulla ei ole tulevia varauksia.")).to_be_visible()
    history = page.get_by_role("region", name="Historia")
    expect(history).to_contain_text("peruttu")
    expect(history).to_contain_text("Vanhempainilta samaan aikaan")
    check_a11y(page)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_the_calendar_link_is_copied_with_its_button(live_server, page: Page, world, login):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    login(world.member)
    page.goto(live_server.url + reverse("accounts:feed"))
    check_a11y(page)
    page.get_by_role("button", name="Luo kalenterilinkki").click()
    field = page.get_by_label("Kalenterilinkki")
    expect(field).to_have_value(re.compile(r"/accounts/ical/.+\.ics$"))
    check_a11y(page)
    page.get_by_role("button", name="Kopioi linkki").click()
    expect(page.get_by_role("status").filter(has_text="Kopioitu")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == field.input_value()
    # The field stays reachable and selectable from the keyboard.
    field.focus()
    assert page.evaluate(
        "document.activeElement.selectionEnd - document.activeElement.selectionStart"
    ) == len(field.input_value())
    check_a11y(page)


def test_a_coordinator_removes_a_named_tutor_after_confirming(
    live_server, page: Page, world, login
):
    from tutori.tutoring.models import NamedTutor

    NamedTutor._default_manager.create(
        school=world.school_a, tutor=world.tutor, set_by=world.coordinator
    )
    login(world.coordinator)
    page.goto(live_server.url + reverse("tutoring:named_tutors"))
    check_a11y(page)
    row = page.get_by_role("row", name=re.compile("Koulu A"))
    row.get_by_role("link", name=re.compile("^Poista")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Poista nimikkotutor")
    check_a11y(page)
    assert NamedTutor._default_manager.filter(school=world.school_a).exists()
    page.get_by_role("button", name="Kyllä, poista nimikkotutor").click()
    expect(page.get_by_text("Nimikkotutor poistettu: Koulu A – Tiina Tutor")).to_be_visible()
    check_a11y(page)
    assert not NamedTutor._default_manager.filter(school=world.school_a).exists()
