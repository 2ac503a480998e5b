"""Tutoring in a real browser: a teacher finds a topic, books a group time, sees it in
"Omat varaukset" and cancels; a tutor publishes a weekly time and logs tutoring."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y
from tests.factories import SlotFactory, TopicFactory
from tutori.tutoring.models import Booking, Mode, Slot, TutoringSession, TutorProfile


def test_teacher_finds_a_topic_books_a_group_time_and_cancels(
    live_server, page: Page, world, login
):
    topic = TopicFactory(
        organisation=world.oulu, name="Arviointi", description="Wilma ja itsearviointi"
    )
    profile = TutorProfile._default_manager.create(user=world.tutor, organisation=world.school_a)
    profile.topics.set([topic])
    slot = SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        mode=Mode.GROUP,
        capacity=3,
        note="Arviointiklinikka",
    )
    slot.topics.set([topic])

    login(world.member)
    page.get_by_role("navigation", name="Päävalikko").get_by_role(
        "link", name="Mihin voin saada apua?"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mihin voin saada apua?")
    check_a11y(page)
    page.get_by_role("link", name="Arviointi", exact=True).click()
    expect(page.locator("#slot-results")).to_contain_text("Arviointiklinikka")
    page.locator("#slot-results").get_by_role("link", name=re.compile("^Varaa")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Varaa aika")
    check_a11y(page)
    page.get_by_label("Aihe").select_option(label="Arviointi")
    page.get_by_label("Mihin tarvitset apua?").fill("Itsearviointilomakkeet 7. luokalle")
    page.get_by_role("button", name="Vahvista varaus").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Omat varaukset")
    expect(page.get_by_text("Varaus vahvistettu.")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Tiina Tutor")
    check_a11y(page)
    booking = Booking._default_manager.get(person=world.member)
    assert booking.status == Booking.Status.CONFIRMED
    assert Slot._default_manager.get(pk=slot.pk).booked == 1

    page.get_by_role("link", name=re.compile("^Peru")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peru varaus")
    check_a11y(page)
    page.get_by_label("Peruutuksen syy").fill("Päällekkäinen kokous")
    page.get_by_role("button", name="Kyllä, peru varaus").click()
    expect(page.get_by_text("Varaus peruttu.")).to_be_visible()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert Slot._default_manager.get(pk=slot.pk).booked == 0

    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Kalenteri").click()
    check_a11y(page)
    page.get_by_role("link", name="Kalenterilinkki").click()
    page.get_by_role("button", name="Luo kalenterilinkki").click()
    expect(page.get_by_label("Kalenterilinkki")).to_have_value(
        re.compile(r"/accounts/ical/.+\.ics$")
    )
    check_a11y(page)


def test_tutor_publishes_a_weekly_time_and_logs_tutoring(live_server, page: Page, world, login):
    login(world.tutor)
    menu = page.get_by_role("navigation", name="Päävalikko")
    menu.get_by_text("Tutorin työkalut").click()
    menu.get_by_role("link", name="Omat ajat").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Omat ajat")
    check_a11y(page)
    page.get_by_role("link", name="Uusi toistuva aika").first.click()
    check_a11y(page)
    today = timezone.localdate()
    first = today + timedelta(days=(2 - today.weekday()) % 7 or 7)  # next Wednesday
    page.get_by_label("Viikonpäivä").select_option(label="keskiviikko")
    page.get_by_label("Alkaa").fill("14:00")
    page.get_by_label("Kesto (min)").fill("60")
    page.get_by_label("Ensimmäinen päivä").fill(first.isoformat())
    page.get_by_label("Viimeinen päivä").fill((first + timedelta(days=21)).isoformat())
    page.get_by_label("Muut poikkeuspäivät").fill((first + timedelta(days=7)).strftime("%d.%m.%Y"))
    # Three times whatever the date: no public holiday left out (tests/browser/test_series.py)
    page.get_by_label("Julkaise myös lomilla ja arkipyhinä").check()
    page.get_by_label("Kenelle aika on").select_option(label="Koulu A")
    page.get_by_role("button", name="Julkaise").click()
    expect(page.get_by_text("3 aikaa julkaistu.")).to_be_visible()
    check_a11y(page)
    starts = [
        timezone.localtime(s.starts_at) for s in Slot._default_manager.filter(tutor=world.tutor)
    ]
    assert len(starts) == 3 and {s.hour for s in starts} == {14}

    menu.get_by_text("Tutorin työkalut").click()
    menu.get_by_role("link", name="Tutorointiloki").click()
    check_a11y(page)
    page.get_by_role("link", name="Kirjaa tutorointi").click()
    check_a11y(page)
    page.get_by_label("Kesto (min)").fill("30")
    page.get_by_label("Koulu tai yksikkö").select_option(label="Koulu A")
    page.get_by_label("Osallistujia").fill("2")
    page.get_by_label("Lyhyt muistiinpano").fill("Kollegat kysyivät Teamsista")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Tutorointi kirjattu.")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Kollegat kysyivät Teamsista")
    check_a11y(page)
    assert TutoringSession._default_manager.get().participant_count == 2
