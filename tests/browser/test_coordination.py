"""The pages of coordination and a tutor's decisions in a real browser, with axe on each:
topic vocabulary, named tutors, booking rules, shared municipal time, the unit overview,
the tutor profile, a one-off time, deciding a booking, cancelling a time, a spend decision."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_a11y
from tests.factories import BookingFactory, MembershipFactory, SlotFactory, TopicFactory
from tutori.tutoring.models import (
    Booking,
    BookingPolicy,
    NamedTutor,
    Slot,
    SubstituteBudget,
    SubstituteSpend,
    Topic,
    TutorProfile,
)


def test_coordinator_curates_topics_named_tutors_rules_and_shared_time(
    live_server, page: Page, world, login
):
    TopicFactory(organisation=world.oulu, name="Arviointi")
    login(world.coordinator)
    page.goto(f"{live_server.url}/tutoring/topics/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aihesanasto")
    check_a11y(page)
    form = page.locator("form[aria-labelledby=new-topic]")
    form.get_by_label("Organisaatio").select_option(label="Oulu")
    form.get_by_role("textbox", name="Nimi", exact=True).fill("arviointi")
    form.get_by_role("button", name="Lisää aihe").click()
    expect(page.locator(".error-summary")).to_contain_text("on jo")  # the same name: refused
    check_a11y(page)
    assert Topic._default_manager.count() == 1
    form = page.locator("form[aria-labelledby=new-topic]")
    form.get_by_role("textbox", name="Nimi", exact=True).fill("Ohjelmointi")
    form.get_by_role("button", name="Lisää aihe").click()
    expect(page.get_by_text("Aihe lisätty: Ohjelmointi")).to_be_visible()
    page.get_by_role("link", name="Ohjelmointi", exact=True).click()
    check_a11y(page)
    page.get_by_role("textbox", name="Kuvaus", exact=True).fill("Scratch ja micro:bit")
    page.get_by_role("button", name="Tallenna").click()
    assert Topic._default_manager.get(name="Ohjelmointi").description == "Scratch ja micro:bit"

    page.goto(f"{live_server.url}/tutoring/named-tutors/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nimikkotutorit")
    check_a11y(page)
    page.get_by_label("Nimikkotutor: Koulu A").select_option(value=str(world.tutor.pk))
    page.get_by_label("Nimikkotutor: Koulu A").locator("xpath=ancestor::form").get_by_role(
        "button"
    ).click()
    expect(page.get_by_text("Nimikkotutor asetettu: Koulu A – Tiina Tutor")).to_be_visible()
    assert NamedTutor._default_manager.get(school=world.school_a).tutor == world.tutor

    page.goto(f"{live_server.url}/tutoring/rules/?org={world.oulu.pk}")
    check_a11y(page)
    page.get_by_label(re.compile("peruutus viimeistään", re.I)).fill("-3")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_a11y(page)
    assert not BookingPolicy._default_manager.exists()
    page.get_by_label(re.compile("peruutus viimeistään", re.I)).fill("6")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Varaussäännöt tallennettu: Oulu")).to_be_visible()
    assert (
        BookingPolicy._default_manager.get(organisation=world.oulu).cancellation_deadline_hours == 6
    )

    page.goto(f"{live_server.url}/tutoring/shared/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kunnan yhteinen tutoraika")
    check_a11y(page)
    today = timezone.localdate()
    first = today + timedelta(days=(2 - today.weekday()) % 7 or 7)
    page.get_by_label("Tiina Tutor").check()
    page.get_by_label("Viikonpäivä").select_option(label="keskiviikko")
    page.get_by_label("Alkaa").fill("14:00")
    page.get_by_label("Kesto (min)").fill("120")
    page.get_by_label("Ensimmäinen päivä").fill(first.isoformat())
    page.get_by_label("Viimeinen päivä").fill((first + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Julkaise").click()
    expect(page.get_by_text("2 aikaa julkaistu.")).to_be_visible()
    assert Slot._default_manager.filter(is_shared=True, organisation=world.oulu).count() == 2

    page.goto(f"{live_server.url}/tutoring/units/{world.school_a.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Seuranta – Koulu A")
    check_a11y(page)


def test_tutor_profile_one_off_time_decision_and_cancelling(live_server, page: Page, world, login):
    TopicFactory(organisation=world.oulu, name="Digipedagogiikka")
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor, needs_approval=True)
    pending = BookingFactory(slot=slot, person=world.member, pending=True)
    login(world.tutor)

    page.goto(f"{live_server.url}/tutoring/tutor/profile/")
    check_a11y(page)
    page.get_by_label("Digipedagogiikka").check()
    page.get_by_label(re.compile("^Kuvaus")).fill("Teams ja Classroom tutuiksi")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Tutorprofiili tallennettu.")).to_be_visible()
    assert TutorProfile._default_manager.get(user=world.tutor).topics.count() == 1

    menu = page.get_by_role("navigation", name="Päävalikko")
    menu.get_by_text("Tutorin työkalut").click()
    menu.get_by_role("link", name="Omat ajat").click()
    page.get_by_role("link", name="Uusi aika", exact=True).click()
    check_a11y(page)
    day = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Päivä").fill(day.isoformat())
    page.get_by_label("Alkaa").fill("10:00")
    page.get_by_label("Päättyy").fill("09:00")
    page.get_by_label("Kenelle aika on").select_option(label="Koulu A")
    page.get_by_role("button", name="Julkaise").click()
    expect(page.locator(".error-summary")).to_be_visible()  # ends before it starts
    check_a11y(page)
    page.get_by_label("Päättyy").fill("11:00")
    page.get_by_role("button", name="Julkaise").click()
    expect(page.get_by_text("Aika julkaistu.")).to_be_visible()
    assert Slot._default_manager.filter(tutor=world.tutor).count() == 2

    page.goto(f"{live_server.url}/tutoring/tutor/availability/?week={slot.starts_at:%Y-%m-%d}")
    page.get_by_role("link", name=re.compile("^Käsittele")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Käsittele varaus")
    check_a11y(page)
    page.get_by_label("Hyväksy").check()
    page.get_by_role("button", name="Tallenna päätös").click()
    expect(page.get_by_text("Varaus hyväksytty.")).to_be_visible()
    pending.refresh_from_db()
    assert pending.status == Booking.Status.CONFIRMED

    page.goto(f"{live_server.url}/tutoring/slots/{slot.pk}/cancel/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Peru aika")
    check_a11y(page)
    page.get_by_label("Peruutuksen syy").fill("Koulutuspäivä")
    page.get_by_role("button", name="Kyllä, peru aika").click()
    expect(page.get_by_text("Aika peruttu.")).to_be_visible()
    slot.refresh_from_db()
    assert slot.status == Slot.Status.CANCELLED


def test_principal_decides_a_spend_on_its_own_page(live_server, page: Page, world, login):
    today = timezone.localdate()
    budget = SubstituteBudget.objects.create(
        school=world.school_a,
        term="kevät",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=30),
        amount=Decimal("500.00"),
    )
    spend = SubstituteSpend.objects.create(
        budget=budget,
        date=today,
        amount=Decimal("120.00"),
        description="Sijainen",
        created_by=world.coordinator,
    )
    login(world.manager)
    page.goto(f"{live_server.url}/tutoring/spends/{spend.pk}/decide/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Päätä sijaiskulusta")
    check_a11y(page)
    page.get_by_role("button", name="Hylkää kulu").click()
    spend.refresh_from_db()
    assert spend.status == SubstituteSpend.Status.REJECTED


def test_remaining_pages_pass_axe(live_server, page: Page, world, login):
    MembershipFactory(organisation=world.school_b)
    login(world.coordinator)
    for path in (
        f"/orgs/networks/{world.network.pk}/",
        "/accounts/profile/",
        f"/orgs/{world.oulu.pk}/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        check_a11y(page)
