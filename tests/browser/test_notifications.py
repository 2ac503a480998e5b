"""Notifications in a real browser: a teacher books and the tutor's mail is in the outbox; a
proposal accepted after the booking was declined is refused on the page; a person switches
off a kind of mail on their own profile. Every page visited passes the a11y check."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.factories import BookingFactory, SlotFactory
from tutori.tutoring import notifications
from tutori.tutoring.models import Booking, Place
from tutori.tutoring.services.booking import booking_decline

TEAMS = "https://teams.example/l/meetup-join/tutori"


def test_a_teacher_books_and_the_tutor_is_told_by_mail(live_server, page: Page, world, login, a11y):
    slot = SlotFactory(
        organisation=world.school_a, tutor=world.tutor, place=Place.REMOTE, location=TEAMS
    )
    world.tutor.preferred_language = "sv"
    world.tutor.save(update_fields=["preferred_language"])
    login(world.member)
    page.goto(f"{live_server.url}{reverse('tutoring:book', args=[slot.pk])}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Varaa aika")
    a11y(page)
    page.get_by_label("Mihin tarvitset apua?").fill("Itsearviointi Wilmassa")
    page.get_by_role("button", name="Vahvista varaus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Omat varaukset")
    a11y(page)

    [tutor_mail] = [m for m in mail.outbox if m.to == [world.tutor.email]]
    assert tutor_mail.subject.startswith("Ny bokning")  # in the tutor's language
    assert "Olli Opettaja" in tutor_mail.body and "Itsearviointi Wilmassa" in tutor_mail.body
    assert tutor_mail.attachments[0][0] == "tutori.ics"
    [teacher_mail] = [m for m in mail.outbox if m.to == [world.member.email]]
    assert teacher_mail.subject.startswith("Varaus vahvistettu")
    assert TEAMS in teacher_mail.body and world.tutor.email in teacher_mail.body


def test_a_proposal_accepted_after_the_booking_was_declined_is_refused(
    live_server, page: Page, world, login, a11y
):
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor, needs_approval=True)
    other = SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        starts_at=slot.starts_at + timedelta(hours=2),
    )
    booking = BookingFactory(slot=slot, person=world.member, pending=True, proposed_slot=other)
    login(world.member)
    page.goto(f"{live_server.url}{reverse('tutoring:my_bookings')}")
    expect(page.get_by_role("button", name="Hyväksy ehdotus")).to_be_visible()
    expect(page.get_by_role("button", name="Hylkää ehdotus")).to_be_visible()
    a11y(page)

    # Meanwhile the tutor declines the booking; the teacher's page still offers the proposal.
    booking_decline(booking=booking, by=world.tutor, reason="Aika ei sovi")
    Booking._default_manager.filter(pk=booking.pk).update(proposed_slot=other)  # as shown
    page.get_by_role("button", name="Hyväksy ehdotus").click()

    expect(page.get_by_text("ehdotusta ei voi enää hyväksyä")).to_be_visible()
    a11y(page)
    assert Booking._default_manager.get(pk=booking.pk).status == Booking.Status.DECLINED
    assert not Booking._default_manager.filter(slot=other).exists()


def test_a_person_switches_off_reminders_on_their_profile(
    live_server, page: Page, world, login, a11y
):
    login(world.member)
    page.get_by_role("link", name="Omat tiedot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Omat tiedot")
    a11y(page)
    reminders = page.get_by_label("Muistutus tulevasta tutoroinnista")
    expect(reminders).to_be_checked()
    expect(page.get_by_label("Varaukseni hylättiin")).to_have_count(0)  # essential: always
    reminders.uncheck()
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Tiedot tallennettu.")).to_be_visible()
    expect(page.get_by_label("Muistutus tulevasta tutoroinnista")).not_to_be_checked()
    a11y(page)
    world.member.refresh_from_db()
    assert world.member.notifications_off == [notifications.REMINDER]
