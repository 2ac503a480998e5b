"""Everyone who must act or know about a booking is told: each mail goes to the right party,
in their language, says the right thing, links to where they act and carries an .ics when it
is about a time. Switched-off kinds are not sent, reminders go once, a proposal cannot be
accepted after the booking was declined, and dashboards count what waits for the person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import (
    BookingFactory,
    MembershipFactory,
    SlotFactory,
    SubstituteBudgetFactory,
    SubstituteSpendFactory,
    TopicFactory,
    UserFactory,
)
from tutori.core import tasks
from tutori.core.notify import site_url
from tutori.core.registry import notification_kinds
from tutori.tutoring import notifications
from tutori.tutoring.models import Booking, BookingPolicy, Place, Slot
from tutori.tutoring.services import availability, booking
from tutori.tutoring.services.booking import BookingRefused
from tutori.tutoring.tasks import reminders_due as _reminders_due

TEAMS = "https://teams.example/l/meetup-join/abc"


class _Commit:
    """pytest-django's capture of on-commit callbacks, for ``done``."""

    capture: Any = None


COMMIT = _Commit()


@pytest.fixture(autouse=True)
def _mail_as_each_write_commits(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    COMMIT.capture = django_capture_on_commit_callbacks
    yield
    COMMIT.capture = None


def done(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` as a write that commits: the mail it queues is sent as it returns (the test
    itself runs in a transaction that never commits)."""

    def run(*args: Any, **kwargs: Any) -> Any:
        with COMMIT.capture(execute=True):
            return fn(*args, **kwargs)

    return run


booking_accept_proposal = done(booking.booking_accept_proposal)
booking_approve = done(booking.booking_approve)
booking_cancel = done(booking.booking_cancel)
booking_create = done(booking.booking_create)
booking_decline = done(booking.booking_decline)
booking_decline_proposal = done(booking.booking_decline_proposal)
booking_propose = done(booking.booking_propose)
slot_cancel = done(availability.slot_cancel)
slots_cancelled = done(notifications.slots_cancelled)
reminders_due = done(_reminders_due)
periodic_run_due = done(tasks.periodic_run_due)


@pytest.fixture
def people(world):  # type: ignore[no-untyped-def]
    """The tutor reachable by phone; the teacher's topic of Koulu A."""
    world.tutor.phone = "040 123 4567"
    world.tutor.save(update_fields=["phone"])
    return world


def speaks(person, language):  # type: ignore[no-untyped-def]
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    return person


def remote_slot(world, **kwargs):  # type: ignore[no-untyped-def]
    return SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        place=Place.REMOTE,
        location=TEAMS,
        **kwargs,
    )


def to(person):  # type: ignore[no-untyped-def]
    """The mails sent to ``person``."""
    return [m for m in mail.outbox if m.to == [person.email]]


def one_to(person):  # type: ignore[no-untyped-def]
    found = to(person)
    assert len(found) == 1, [m.subject for m in mail.outbox]
    return found[0]


def ics_of(message):  # type: ignore[no-untyped-def]
    """The (method, uid, status) of each .ics attached."""
    found = []
    for _name, content, mimetype in message.attachments:
        assert mimetype == "text/calendar"
        calendar = Calendar.from_ical(content)
        for item in calendar.walk("VEVENT"):
            found.append(
                (str(calendar["method"]), str(item["uid"]).split("@")[0], str(item["status"]))
            )
    return found


def booked(world, slot=None, **kwargs):  # type: ignore[no-untyped-def]
    """The teacher's booking of ``slot`` made through the service; the outbox emptied."""
    booking = booking_create(person=world.member, slot=slot or remote_slot(world), **kwargs)
    mail.outbox.clear()
    return booking


# --- A booking is made ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "subject", "confirmed"),
    [
        ("fi", "Varaus vahvistettu", "Varauksesi on vahvistettu."),
        ("sv", "Bokningen är bekräftad", "Din bokning är bekräftad."),
        ("en", "Booking confirmed", "Your booking is confirmed."),
    ],
)
def test_the_teacher_gets_a_confirmation_with_place_contact_link_and_ics(
    people, language, subject, confirmed
):
    speaks(people.member, language)
    slot = remote_slot(people)
    booking = booking_create(person=people.member, slot=slot, need="Wilma-arviointi")
    message = one_to(people.member)
    assert message.subject.startswith(subject)
    assert confirmed in message.body
    assert TEAMS in message.body  # the remote link
    for contact in ("Tiina Tutor", people.tutor.email, "040 123 4567"):
        assert contact in message.body
    assert site_url(reverse("tutoring:my_bookings")) in message.body
    assert ics_of(message) == [("PUBLISH", f"booking-{booking.pk}", "CONFIRMED")]


@pytest.mark.parametrize(
    ("language", "subject"),
    [("fi", "Uusi varaus"), ("sv", "Ny bokning"), ("en", "New booking")],
)
def test_the_tutor_hears_of_a_new_booking_with_who_and_why(people, language, subject):
    speaks(people.tutor, language)
    slot = remote_slot(people)
    booking_create(person=people.member, slot=slot, need="Wilma-arviointi")
    message = one_to(people.tutor)
    assert message.subject.startswith(subject)
    assert "Olli Opettaja" in message.body and "Wilma-arviointi" in message.body
    assert site_url(reverse("tutoring:availability")) in message.body
    assert ics_of(message) == [("PUBLISH", f"slot-{slot.pk}", "CONFIRMED")]


def test_a_booking_that_needs_approval_asks_the_tutor_and_tells_the_teacher_it_waits(people):
    slot = remote_slot(people, needs_approval=True)
    booking = booking_create(person=people.member, slot=slot)
    teacher, tutor = one_to(people.member), one_to(people.tutor)
    assert "odottaa tutorin hyväksyntää" in teacher.subject
    assert teacher.attachments == []  # nothing to put in a calendar yet
    assert "odottaa hyväksyntääsi" in tutor.subject
    assert site_url(reverse("tutoring:booking_decide", args=[booking.pk])) in tutor.body


def test_joining_the_waiting_list_tells_the_teacher_and_the_tutor(people):
    slot = remote_slot(people, group=True)
    for _i in range(3):
        BookingFactory(slot=slot)
    booking_create(person=people.member, slot=slot, join_waiting_list=True)
    assert "Olet jonossa" in one_to(people.member).subject
    assert "Uusi jonottaja" in one_to(people.tutor).subject


# --- Decisions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("fi", "Tutor hyväksyi varauksesi"),
        ("sv", "Tutorn har godkänt din bokning"),
        ("en", "The tutor approved your booking"),
    ],
)
def test_an_approval_tells_the_teacher_with_an_ics(people, language, subject):
    booking = booked(people, remote_slot(people, needs_approval=True))
    speaks(people.member, language)
    booking_approve(booking=booking, by=people.tutor)
    message = one_to(people.member)
    assert message.subject.startswith(subject)
    assert ics_of(message) == [("PUBLISH", f"booking-{booking.pk}", "CONFIRMED")]
    assert to(people.tutor) == []


@pytest.mark.parametrize(
    ("language", "subject", "declined"),
    [
        ("fi", "Varauksesi hylättiin", "Varauksesi on hylätty."),
        ("sv", "Din bokning har avslagits", "Din bokning har avslagits."),
        ("en", "Your booking was declined", "Your booking has been declined."),
    ],
)
def test_a_refusal_says_declined_not_cancelled_with_the_reason(people, language, subject, declined):
    booking = booked(people, remote_slot(people, needs_approval=True))
    speaks(people.member, language)
    booking_decline(booking=booking, by=people.tutor, reason="Aihe ei ole alaani")
    message = one_to(people.member)
    assert message.subject.startswith(subject)
    assert declined in message.body and "Aihe ei ole alaani" in message.body
    if language == "fi":
        assert "hylätty" in message.body and "peruttu" not in message.body
    assert ics_of(message) == [("CANCEL", f"booking-{booking.pk}", "CANCELLED")]
    assert site_url(reverse("tutoring:catalogue")) in message.body


def test_a_freed_seat_tells_the_promoted_teacher(people):
    slot = remote_slot(people, group=True)
    first = BookingFactory(slot=slot)
    BookingFactory(slot=slot)
    BookingFactory(slot=slot)
    speaks(people.member, "sv")
    waiting = booked(people, slot, join_waiting_list=True)
    booking_cancel(booking=first, by=first.person, reason="Sairastuin")
    message = one_to(people.member)
    assert message.subject.startswith("Du fick en plats från kön")
    assert ics_of(message) == [("PUBLISH", f"booking-{waiting.pk}", "CONFIRMED")]


# --- Cancellations --------------------------------------------------------------------------


def test_the_teachers_cancellation_tells_the_tutor_with_the_reason(people):
    booking = booked(people)
    speaks(people.tutor, "en")
    booking_cancel(booking=booking, by=people.member, reason="Päällekkäinen kokous")
    message = one_to(people.tutor)
    assert message.subject.startswith("Booking cancelled")
    assert "Päällekkäinen kokous" in message.body and "Olli Opettaja" in message.body
    assert to(people.member) == []  # they did it themselves


def test_the_tutor_cancelling_a_booking_tells_the_teacher(people):
    booking = booked(people)
    booking_cancel(booking=booking, by=people.tutor, reason="Olen sairaana")
    message = one_to(people.member)
    assert message.subject.startswith("Varauksesi peruttiin")
    assert "Olen sairaana" in message.body and "Tiina Tutor" in message.body
    assert ics_of(message) == [("CANCEL", f"booking-{booking.pk}", "CANCELLED")]
    assert to(people.tutor) == []


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("fi", "Tutor perui ajan"),
        ("sv", "Tutorn har ställt in tiden"),
        ("en", "The tutor cancelled the time"),
    ],
)
def test_the_tutor_cancelling_a_time_tells_every_booker(people, language, subject):
    slot = remote_slot(people, group=True)
    other = UserFactory(display_name="Toinen Opettaja")
    MembershipFactory(user=other, organisation=people.school_a)
    booking = booked(people, slot)
    booking_create(person=other, slot=slot)
    mail.outbox.clear()
    speaks(people.member, language)
    slot_cancel(by=people.tutor, slot=slot, reason="Koulutuspäivä")
    message = one_to(people.member)
    assert message.subject.startswith(subject)
    assert "Koulutuspäivä" in message.body
    assert ics_of(message) == [("CANCEL", f"booking-{booking.pk}", "CANCELLED")]
    assert len(to(other)) == 1
    assert to(people.tutor) == []  # they cancelled it themselves


def test_a_coordinator_cancelling_a_tutors_time_tells_the_tutor_too(people):
    slot = remote_slot(people)
    booked(people, slot)
    slot_cancel(by=people.coordinator, slot=slot, reason="Sali varattu muuhun")
    assert "Tutor perui ajan" in one_to(people.member).subject
    message = one_to(people.tutor)
    assert message.subject.startswith("Aikasi peruttiin")
    assert "Kaisa Koordinaattori" in message.body
    assert ics_of(message) == [("CANCEL", f"slot-{slot.pk}", "CANCELLED")]


def test_the_rest_of_a_series_tells_each_booker_once_with_every_time(people):
    """What the series' cancel calls: one mail per booker, an .ics per cancelled time."""
    slots = [remote_slot(people, starts_at=timezone.now() + timedelta(days=d)) for d in (3, 10)]
    bookings = [booked(people, slot) for slot in slots]
    cancelled = [
        (slot, [booking_cancel(booking=b, by=people.tutor, reason="Sarja päättyy", tell=False)])
        for slot, b in zip(slots, bookings, strict=True)
    ]
    assert mail.outbox == []
    slots_cancelled(cancelled, by=people.coordinator, reason="Sarja päättyy")
    message = one_to(people.member)
    assert message.subject == "Tutor perui 2 aikaa"
    assert [uid for _m, uid, _s in ics_of(message)] == [f"booking-{b.pk}" for b in bookings]
    assert len(ics_of(one_to(people.tutor))) == 2


# --- Proposals ------------------------------------------------------------------------------


@pytest.fixture
def later(world):  # type: ignore[no-untyped-def]
    """The tutor's other free time, two hours after the factory's time."""
    start = (timezone.localtime() + timedelta(days=7)).replace(
        hour=16, minute=0, second=0, microsecond=0
    )
    return SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("fi", "Tutor ehdottaa uutta aikaa"),
        ("sv", "Tutorn föreslår en ny tid"),
        ("en", "The tutor proposes a new time"),
    ],
)
def test_a_proposal_asks_the_teacher_where_they_answer(people, later, language, subject):
    booking = booked(people, remote_slot(people, needs_approval=True))
    speaks(people.member, language)
    booking_propose(booking=booking, by=people.tutor, slot=later)
    message = one_to(people.member)
    assert message.subject.startswith(subject)
    assert site_url(reverse("tutoring:my_bookings")) in message.body


def test_accepting_a_proposal_tells_the_tutor_and_confirms_to_the_teacher(people, later):
    booking = booked(people, remote_slot(people, needs_approval=True))
    booking_propose(booking=booking, by=people.tutor, slot=later)
    mail.outbox.clear()
    new = booking_accept_proposal(booking=booking, by=people.member)
    assert new.status == Booking.Status.CONFIRMED and new.slot_id == later.pk
    tutor = one_to(people.tutor)
    assert tutor.subject.startswith("Ehdottamasi aika hyväksyttiin")
    teacher = one_to(people.member)
    assert teacher.subject.startswith("Varaus vahvistettu")
    assert ics_of(teacher) == [("PUBLISH", f"booking-{new.pk}", "CONFIRMED")]


def test_declining_a_proposal_keeps_the_booking_and_tells_the_tutor(people, later):
    booking = booked(people, remote_slot(people, needs_approval=True))
    booking_propose(booking=booking, by=people.tutor, slot=later)
    mail.outbox.clear()
    speaks(people.tutor, "sv")
    booking_decline_proposal(booking=booking, by=people.member)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING and booking.proposed_slot_id is None
    message = one_to(people.tutor)
    assert message.subject.startswith("Den som bokade godtog inte")
    assert site_url(reverse("tutoring:booking_decide", args=[booking.pk])) in message.body
    assert to(people.member) == []


def test_a_proposal_cannot_be_accepted_after_the_booking_was_declined(people, later):
    """Regression: accepting overwrote the declined status and made a confirmed booking."""
    booking = booked(people, remote_slot(people, needs_approval=True))
    booking_propose(booking=booking, by=people.tutor, slot=later)
    booking_decline(booking=booking, by=people.tutor, reason="Ei sittenkään")
    mail.outbox.clear()
    stale = Booking._default_manager.get(pk=booking.pk)
    stale.proposed_slot_id = later.pk  # the page the teacher still has open
    with pytest.raises(BookingRefused) as refused:
        booking_accept_proposal(booking=stale, by=people.member)
    assert refused.value.code == "not_active"
    assert Booking._default_manager.get(pk=booking.pk).status == Booking.Status.DECLINED
    assert not Booking._default_manager.filter(slot=later).exists()
    assert Slot._default_manager.get(pk=later.pk).booked == 0
    assert mail.outbox == []


def test_a_proposal_cannot_be_accepted_after_a_cancellation_or_once_withdrawn(people, later):
    cancelled = booked(people)
    booking_propose(booking=cancelled, by=people.tutor, slot=later)
    booking_cancel(booking=cancelled, by=people.member, reason="Ei tarvetta")
    with pytest.raises(BookingRefused):
        booking_accept_proposal(booking=cancelled, by=people.member)
    earlier = later.starts_at - timedelta(hours=4)
    pending = booked(people, remote_slot(people, needs_approval=True, starts_at=earlier))
    booking_propose(booking=pending, by=people.tutor, slot=later)
    booking_approve(booking=pending, by=people.tutor)  # the proposal is withdrawn
    with pytest.raises(BookingRefused) as refused:
        booking_accept_proposal(booking=pending, by=people.member)
    assert refused.value.code == "no_proposal"
    assert not Booking._default_manager.filter(slot=later).exists()


def test_a_tutor_proposes_only_a_time_that_is_free(people, later):
    booking = booked(people, remote_slot(people, needs_approval=True))
    full = SlotFactory(organisation=people.school_a, tutor=people.tutor)
    BookingFactory(slot=full)
    past = SlotFactory(organisation=people.school_a, tutor=people.tutor, past=True)
    cancelled = SlotFactory(
        organisation=people.school_a, tutor=people.tutor, status=Slot.Status.CANCELLED
    )
    anothers = SlotFactory(organisation=people.school_a)
    for slot in (full, past, cancelled, anothers, booking.slot):
        with pytest.raises(BookingRefused):
            booking_propose(booking=booking, by=people.tutor, slot=slot)
    booking.refresh_from_db()
    assert booking.proposed_slot_id is None and mail.outbox == []
    booking_propose(booking=booking, by=people.tutor, slot=later)


def test_the_propose_form_offers_only_free_own_times(client, people, later):
    booking = booked(people, remote_slot(people, needs_approval=True))
    full = SlotFactory(organisation=people.school_a, tutor=people.tutor)
    BookingFactory(slot=full)
    SlotFactory(organisation=people.school_a, tutor=people.tutor, past=True)
    client.force_login(people.tutor)
    page = client.get(reverse("tutoring:booking_decide", args=[booking.pk]))
    options = page.context["form"].fields["proposed_slot"].choices
    assert [pk for pk, _label in options if pk] == [later.pk]


def test_the_teacher_declines_a_proposal_on_my_bookings(client, people, later):
    booking = booked(people, remote_slot(people, needs_approval=True))
    booking_propose(booking=booking, by=people.tutor, slot=later)
    client.force_login(people.member)
    html = client.get(reverse("tutoring:my_bookings")).content.decode()
    decline = reverse("tutoring:booking_decline_proposal", args=[booking.pk])
    assert decline in html and "Hylkää ehdotus" in html
    response = client.post(decline)
    assert response.status_code == 302
    assert "Ehdotus hylätty" in client.get(reverse("tutoring:my_bookings")).content.decode()


# --- Switched off ---------------------------------------------------------------------------


def test_switched_off_kinds_are_not_sent_but_essential_ones_are(people):
    people.member.notifications_off = [k.key for k in notification_kinds()]
    people.member.save(update_fields=["notifications_off"])
    people.tutor.notifications_off = [notifications.TUTOR_BOOKED, notifications.TUTOR_CANCELLED]
    people.tutor.save(update_fields=["notifications_off"])
    booking = booking_create(person=people.member, slot=remote_slot(people))
    assert mail.outbox == []  # the confirmation and the tutor's news are switched off
    booking_cancel(booking=booking, by=people.tutor, reason="Sairastuin")
    assert "Varauksesi peruttiin" in one_to(people.member).subject  # essential
    other = booked(people)
    booking_cancel(booking=other, by=people.member, reason="Kokous")
    assert "peruttiin" in one_to(people.tutor).subject  # essential too


def test_essential_kinds_are_refusals_cancellations_and_requests_to_answer():
    essential = {k.key for k in notifications.KINDS if k.essential}
    assert essential == {
        notifications.BOOKER_DECLINED,
        notifications.BOOKER_CANCELLED,
        notifications.BOOKER_PROPOSAL,
        notifications.TUTOR_APPROVAL,
        notifications.TUTOR_CANCELLED,
        notifications.TUTOR_PROPOSAL_DECLINED,
    }
    declared = {k.key for k in notification_kinds()}
    assert {k.key for k in notifications.KINDS} <= declared


# --- Reminders ------------------------------------------------------------------------------


def confirmed_long_ago(booking):  # type: ignore[no-untyped-def]
    Booking._default_manager.filter(pk=booking.pk).update(
        created_at=timezone.now() - timedelta(days=5)
    )


def soon_slot(world, hours):  # type: ignore[no-untyped-def]
    start = (timezone.now() + timedelta(hours=hours)).replace(microsecond=0)
    return remote_slot(world, starts_at=start, ends_at=start + timedelta(hours=1))


def test_a_reminder_goes_to_both_sides_once_however_often_the_job_runs(people):
    speaks(people.member, "en")
    slot = soon_slot(people, 20)
    booking = booked(people, slot)
    confirmed_long_ago(booking)
    assert reminders_due() == {"bookers": 1, "tutors": 1}
    assert reminders_due() == {"bookers": 0, "tutors": 0}
    teacher = one_to(people.member)
    assert teacher.subject.startswith("Reminder: tutoring")
    assert TEAMS in teacher.body
    assert ics_of(teacher) == [("PUBLISH", f"booking-{booking.pk}", "CONFIRMED")]
    tutor = one_to(people.tutor)
    assert tutor.subject.startswith("Muistutus: tutoraikasi")
    assert "Olli Opettaja" in tutor.body
    assert ics_of(tutor) == [("PUBLISH", f"slot-{slot.pk}", "CONFIRMED")]


def test_the_scheduler_runs_the_reminders_and_never_twice(people):
    booking = booked(people, soon_slot(people, 20))
    confirmed_long_ago(booking)
    [job] = [j for j in tasks.periodic_jobs() if j.name == "tutoring.reminders"]
    now = timezone.now()
    periodic_run_due(now=now, jobs=[job])
    periodic_run_due(now=now + job.every, jobs=[job])  # the next slot: runs again
    assert len(to(people.member)) == 1 and len(to(people.tutor)) == 1
    assert Booking._default_manager.get(pk=booking.pk).reminded_at is not None


def test_the_organisations_rule_sets_the_hour_and_zero_means_none(people):
    BookingPolicy._default_manager.create(organisation=people.oulu, reminder_hours_before=48)
    far = booked(people, soon_slot(people, 40))
    confirmed_long_ago(far)
    assert reminders_due()["bookers"] == 1
    BookingPolicy._default_manager.filter(organisation=people.oulu).update(reminder_hours_before=0)
    near = booked(people, soon_slot(people, 10))
    confirmed_long_ago(near)
    assert reminders_due() == {"bookers": 0, "tutors": 0}


def test_no_reminder_for_a_booking_made_after_the_reminder_time(people):
    booked(people, soon_slot(people, 5))  # its confirmation went just now
    assert reminders_due() == {"bookers": 0, "tutors": 0}


def test_a_switched_off_reminder_is_not_sent_but_still_counts_as_done(people):
    people.member.notifications_off = [notifications.REMINDER]
    people.member.save(update_fields=["notifications_off"])
    booking = booked(people, soon_slot(people, 20))
    confirmed_long_ago(booking)
    reminders_due()
    assert to(people.member) == [] and len(to(people.tutor)) == 1


# --- Dashboards -----------------------------------------------------------------------------


def test_dashboards_count_what_waits_in_constant_queries(
    client, people, later, django_assert_max_num_queries
):
    def page(person):  # type: ignore[no-untyped-def]
        client.force_login(person)
        return client.get(reverse("dashboard:dashboard")).content.decode()

    def make(n):  # type: ignore[no-untyped-def]
        for _i in range(n):
            teacher = MembershipFactory(organisation=people.school_a).user
            slot = remote_slot(people, needs_approval=True)
            booking_create(person=teacher, slot=slot)
        budget = SubstituteBudgetFactory(school=people.school_a)
        for _i in range(n):
            SubstituteSpendFactory(budget=budget, created_by=people.coordinator)

    make(1)
    page(people.tutor)
    with django_assert_max_num_queries(60) as few:
        tutor_html = page(people.tutor)
    assert "1 varaus odottaa hyväksyntääsi" in tutor_html
    make(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        tutor_html = page(people.tutor)
    assert "5 varausta odottaa hyväksyntääsi" in tutor_html
    manager_html = page(people.manager)
    assert "5 sijaiskulua odottaa päätöstäsi" in manager_html
    booking = booked(people, remote_slot(people, needs_approval=True))
    booking_propose(booking=booking, by=people.tutor, slot=later)
    assert "1 tutorin ehdottama aika odottaa vastaustasi" in page(people.member)


# --- Profile --------------------------------------------------------------------------------


def test_the_profile_lists_the_kinds_one_may_switch_off_and_saves_them(client, people):
    client.force_login(people.member)
    url = reverse("accounts:profile")
    html = client.get(url).content.decode()
    assert "Muistutus tulevasta tutoroinnista" in html
    assert "Varaukseni hylättiin" not in html  # essential: always sent
    form = client.get(url).context["form"]
    data = {
        "display_name": "Olli Opettaja",
        "phone": "",
        "preferred_language": "fi",
        **{name: "on" for name, key in form.mail_kinds.items() if key != notifications.REMINDER},
    }
    assert client.post(url, data).status_code == 302
    people.member.refresh_from_db()
    assert people.member.notifications_off == [notifications.REMINDER]
    form = client.get(url).context["form"]
    reminder = next(n for n, k in form.mail_kinds.items() if k == notifications.REMINDER)
    assert form.initial[reminder] is False


def test_topics_in_mails_are_shown_in_the_recipients_language(people):
    topic = TopicFactory(organisation=people.oulu, name="Arviointi")
    booking_create(person=people.member, slot=remote_slot(people), topic=topic)
    assert "Arviointi" in one_to(people.member).body
