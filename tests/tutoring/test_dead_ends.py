"""No dead ends: a page offers only what can be done, and says why not otherwise (times
outside the booking window or past the deadline, the waiting list as one action, logging
only what has ended, cancelled bookings in history, removing a named tutor)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import BookingFactory, SlotFactory
from tutori.tutoring.models import Booking, BookingPolicy, Slot, TutoringSession

# --- Cancelled and declined bookings leave "Tulevat varaukset" ------------------------------


def _upcoming_and_history(html: str) -> tuple[str, str]:
    upcoming, _sep, history = html.partition('id="history-h"')
    return upcoming, history


def test_cancelled_and_declined_bookings_are_history_not_upcoming(client, world):
    kept = BookingFactory(
        slot=SlotFactory(organisation=world.school_a, tutor=world.tutor, note="x"),
        person=world.member,
    )
    cancelled = BookingFactory(
        slot=SlotFactory(
            organisation=world.school_a,
            tutor=world.tutor,
            starts_at=kept.slot.starts_at + timedelta(days=1),
            ends_at=kept.slot.ends_at + timedelta(days=1),
        ),
        person=world.member,
        cancelled=True,
        cancel_reason="Päällekkäinen kokous",
    )
    declined = BookingFactory(
        slot=SlotFactory(
            organisation=world.school_a,
            tutor=world.tutor,
            starts_at=kept.slot.starts_at + timedelta(days=2),
            ends_at=kept.slot.ends_at + timedelta(days=2),
        ),
        person=world.member,
        status=Booking.Status.DECLINED,
        cancel_reason="Tutor sairastui",
    )
    client.force_login(world.member)
    html = client.get(reverse("tutoring:my_bookings")).content.decode()
    upcoming, history = _upcoming_and_history(html)
    assert "Tulevat varaukset" in upcoming
    assert reverse("tutoring:booking_cancel", args=[kept.pk]) in upcoming
    assert reverse("tutoring:booking_cancel", args=[cancelled.pk]) not in html
    assert reverse("tutoring:booking_cancel", args=[declined.pk]) not in html
    assert "Päällekkäinen kokous" not in upcoming and "Tutor sairastui" not in upcoming
    assert "peruttu" in history and "Päällekkäinen kokous" in history
    assert "hylätty" in history and "Tutor sairastui" in history

    full = client.get(reverse("tutoring:my_bookings"), {"when": "past"}).content.decode()
    assert "Päällekkäinen kokous" in full and "Tutor sairastui" in full
    assert "Historia" in full


def test_only_upcoming_bookings_are_left_when_all_are_cancelled(client, world):
    BookingFactory(
        slot=SlotFactory(organisation=world.school_a, tutor=world.tutor),
        person=world.member,
        cancelled=True,
    )
    client.force_login(world.member)
    html = client.get(reverse("tutoring:my_bookings")).content.decode()
    upcoming, _history = _upcoming_and_history(html)
    assert "Sinulla ei ole tulevia varauksia." in upcoming
    assert "<table" not in upcoming


# --- "Varaa" only for a time that can be booked now ----------------------------------------


def _slot_in(world, *, hours: float, **kwargs) -> Slot:
    start = timezone.now() + timedelta(hours=hours)
    return SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        **kwargs,
    )


def _slot_html(html: str, note: str) -> str:
    """The catalogue's entry of the time with ``note``."""
    start = html.index(note)
    return html[html.rindex('<li class="slot">', 0, start) : html.index("</li>", start)]


def test_catalogue_shows_why_a_time_cannot_be_booked_instead_of_varaa(client, world):
    BookingPolicy._default_manager.create(
        organisation=world.oulu, booking_window_weeks=2, booking_deadline_hours=24
    )
    _slot_in(world, hours=24 * 7, note="Ensi viikolla")
    far = _slot_in(world, hours=24 * 30, note="Kuukauden päästä")
    _slot_in(world, hours=5, note="Tänään illalla")
    client.force_login(world.member)
    html = client.get(reverse("tutoring:catalogue")).content.decode()

    bookable = _slot_html(html, "Ensi viikolla")
    assert ">Varaa<" in bookable
    too_far = _slot_html(html, "Kuukauden päästä")
    opens = timezone.localtime(far.starts_at - timedelta(weeks=2))
    assert f"Varattavissa alkaen {opens:%-d.%-m.} klo {opens:%H:%M}" in too_far
    assert ">Varaa<" not in too_far and reverse("tutoring:book", args=[far.pk]) not in too_far
    too_late = _slot_html(html, "Tänään illalla")
    assert "Varausaika päättynyt" in too_late and ">Varaa<" not in too_late


def test_a_schools_own_rules_apply_to_its_times(client, world):
    """The nearest rules up the tree: Koulu A's own window, Oulu's for Koulu B's times."""
    BookingPolicy._default_manager.create(organisation=world.oulu, booking_window_weeks=2)
    BookingPolicy._default_manager.create(organisation=world.school_a, booking_window_weeks=8)
    _slot_in(world, hours=24 * 30, note="Koulu A:n aika")
    SlotFactory(
        organisation=world.oulu,
        tutor=world.tutor,
        is_shared=True,
        starts_at=timezone.now() + timedelta(days=31),
        ends_at=timezone.now() + timedelta(days=31, hours=1),
        note="Kunnan aika",
    )
    client.force_login(world.member)
    html = client.get(reverse("tutoring:catalogue")).content.decode()
    assert ">Varaa<" in _slot_html(html, "Koulu A:n aika")
    assert "Varattavissa alkaen" in _slot_html(html, "Kunnan aika")


def test_full_times_offer_the_waiting_list_or_say_booked(client, world):
    group = _slot_in(world, hours=24 * 3, group=True, note="Ryhmä täynnä")
    single = _slot_in(world, hours=24 * 4, note="Yksi täynnä")
    for _i in range(3):
        BookingFactory(slot=group)
    BookingFactory(slot=single)
    client.force_login(world.member)
    html = client.get(reverse("tutoring:catalogue")).content.decode()
    group_html = _slot_html(html, "Ryhmä täynnä")
    assert "Liity jonoon" in group_html and ">Varaa<" not in group_html
    single_html = _slot_html(html, "Yksi täynnä")
    assert "Varattu" in single_html and "<a" not in single_html.split("Yksi täynnä")[1]


def test_the_tutor_sees_their_own_time_without_varaa(client, world):
    _slot_in(world, hours=24 * 3, note="Oma aika")
    client.force_login(world.tutor)
    html = client.get(reverse("tutoring:catalogue")).content.decode()
    assert "Oma aikasi" in _slot_html(html, "Oma aika")
    assert ">Varaa<" not in _slot_html(html, "Oma aika")


@pytest.mark.parametrize(
    ("hours", "reason"),
    [(24 * 7 * 9, "Varattavissa alkaen"), (1, "Varausaika päättynyt")],
)
def test_book_page_of_a_closed_time_shows_the_reason_and_no_form(client, world, hours, reason):
    slot = _slot_in(world, hours=hours)
    client.force_login(world.member)
    url = reverse("tutoring:book", args=[slot.pk])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert reason in html
    assert '<form method="post" novalidate>' not in html and "Vahvista varaus" not in html
    refused = client.post(url, {"need": "Apua"})
    assert refused.status_code == 409
    assert not Booking._default_manager.filter(slot=slot).exists()


def test_the_reasons_agree_with_the_booking_service(world):
    """Around the deadline and the window's edge the page says "closed" exactly when the
    service refuses."""
    from tutori.tutoring.selectors.policy import with_closed_reasons
    from tutori.tutoring.services.booking import BookingRefused, booking_create

    policy = BookingPolicy._default_manager.create(
        organisation=world.oulu, booking_window_weeks=3, booking_deadline_hours=6
    )
    now = timezone.now()
    edges = [
        timedelta(hours=policy.booking_deadline_hours),
        timedelta(weeks=policy.booking_window_weeks),
    ]
    for i, edge in enumerate(edges):
        for delta in (timedelta(minutes=-1), timedelta(0), timedelta(minutes=1)):
            start = now + edge + delta
            slot = SlotFactory(
                organisation=world.school_a,
                tutor=world.tutor,
                starts_at=start,
                ends_at=start + timedelta(minutes=30),
                group=True,
                capacity=10 + i,
            )
            slot = Slot._default_manager.select_related("organisation").get(pk=slot.pk)
            [marked] = with_closed_reasons([slot], user=world.member, now=now)
            try:
                booking = booking_create(person=world.member, slot=slot, now=now)
                refused = False
                booking.delete()
            except BookingRefused as error:
                assert error.code in {"booking_deadline", "booking_window"}
                refused = True
            assert bool(marked.closed_reason) == refused, (edge, delta)


def test_book_page_makes_one_query_for_the_rules(client, world, django_assert_max_num_queries):
    slot = _slot_in(world, hours=24 * 3)
    client.force_login(world.member)
    client.get(reverse("tutoring:book", args=[slot.pk]))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("tutoring:book", args=[slot.pk])).status_code == 200


# --- Joining the waiting list is one action ------------------------------------------------


def test_full_group_time_has_one_button_that_joins_the_waiting_list(client, world):
    slot = _slot_in(world, hours=24 * 3, group=True)
    for _i in range(3):
        BookingFactory(slot=slot)
    client.force_login(world.member)
    url = reverse("tutoring:book", args=[slot.pk])
    html = client.get(url).content.decode()
    assert 'name="join_waiting_list" value="1"' in html
    assert 'type="checkbox"' not in html and "Vahvista varaus" not in html
    response = client.post(url, {"need": "", "join_waiting_list": "1"})
    assert response.status_code == 302
    booking = Booking._default_manager.get(slot=slot, person=world.member)
    assert booking.status == Booking.Status.WAITING


def test_a_time_that_filled_meanwhile_offers_the_waiting_list_on_the_refusal(client, world):
    slot = _slot_in(world, hours=24 * 3, group=True)
    client.force_login(world.member)
    url = reverse("tutoring:book", args=[slot.pk])
    assert "Vahvista varaus" in client.get(url).content.decode()
    for _i in range(3):
        BookingFactory(slot=slot)
    response = client.post(url, {"need": "Teams"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Voit liittyä jonoon" in html and 'name="join_waiting_list" value="1"' in html
    assert "Teams" in html


def test_full_individual_time_says_booked_without_a_form(client, world):
    slot = _slot_in(world, hours=24 * 3)
    BookingFactory(slot=slot)
    client.force_login(world.member)
    html = client.get(reverse("tutoring:book", args=[slot.pk])).content.decode()
    assert "Aika on jo varattu." in html and "Vahvista varaus" not in html
    assert "Liity jonoon" not in html


def test_own_booking_is_not_offered_again(client, world):
    slot = _slot_in(world, hours=24 * 3, group=True)
    BookingFactory(slot=slot, person=world.member)
    client.force_login(world.member)
    html = client.get(reverse("tutoring:book", args=[slot.pk])).content.decode()
    assert "Olet jo varannut tämän ajan." in html and "Vahvista varaus" not in html


# --- "Kirjaa toteutuneeksi" only for times that have ended ---------------------------------


def _log_body(slot) -> dict:
    return {
        "date": timezone.localtime(slot.starts_at).date().isoformat(),
        "duration_minutes": 60,
        "organisation": slot.organisation_id,
        "mode": slot.mode,
        "place": slot.place,
        "participant_count": 1,
    }


def _monday_of(moment) -> str:
    day = timezone.localtime(moment).date()
    return (day - timedelta(days=day.weekday())).isoformat()


def test_log_link_only_for_a_booked_time_that_has_ended(client, world):
    ended = _slot_in(world, hours=-3)
    delivered = BookingFactory(slot=ended, person=world.member)
    coming = _slot_in(world, hours=3)
    future = BookingFactory(slot=coming, person=world.member)
    client.force_login(world.tutor)
    url = reverse("tutoring:availability")
    html = client.get(url, {"week": _monday_of(ended.starts_at)}).content.decode()
    assert html.count("Kirjaa toteutuneeksi") == 1
    assert f"?booking={delivered.pk}" in html
    html = client.get(url, {"week": _monday_of(coming.starts_at)}).content.decode()
    assert f"?booking={future.pk}" not in html
    # The time that has begun is not cancelled or decided any more either.
    assert reverse("tutoring:slot_cancel", args=[ended.pk]) not in html
    assert reverse("tutoring:booking_decide", args=[delivered.pk]) not in html


def test_logging_a_future_booking_is_refused_with_a_clear_message(client, world):
    coming = _slot_in(world, hours=3)
    booking = BookingFactory(slot=coming, person=world.member)
    client.force_login(world.tutor)
    url = reverse("tutoring:log_new") + f"?booking={booking.pk}"
    html = client.get(url).content.decode()
    assert "Aika ei ole vielä päättynyt" in html and "Tallenna" not in html
    response = client.post(url, _log_body(coming))
    assert response.status_code == 400
    assert "Aika ei ole vielä päättynyt" in response.content.decode()
    assert not TutoringSession._default_manager.exists()


def test_a_logged_group_time_is_logged_once_and_says_so(client, world):
    slot = _slot_in(world, hours=-3, group=True)
    first = BookingFactory(slot=slot, person=world.member)
    second = BookingFactory(slot=slot)
    client.force_login(world.tutor)
    url = reverse("tutoring:log_new")
    assert client.post(f"{url}?booking={first.pk}", _log_body(slot)).status_code == 302
    again = client.post(f"{url}?booking={second.pk}", _log_body(slot))
    assert again.status_code == 400 and "jo kirjattu" in again.content.decode()
    session = TutoringSession._default_manager.get()
    assert set(session.participants.all()) == {world.member, second.person}
    html = client.get(
        reverse("tutoring:availability"), {"week": _monday_of(slot.starts_at)}
    ).content.decode()
    assert "kirjattu toteutuneeksi" in html and "Kirjaa toteutuneeksi" not in html


def test_a_cancelled_booking_cannot_be_logged(world):
    from tutori.core.errors import ApplicationError
    from tutori.tutoring.services.log import session_log

    slot = _slot_in(world, hours=-3)
    booking = BookingFactory(slot=slot, person=world.member, cancelled=True)
    with pytest.raises(ApplicationError, match="Vain vahvistetun"):
        session_log(
            by=world.tutor,
            organisation=world.school_a,
            date=timezone.localdate(),
            duration_minutes=60,
            mode="individual",
            place="on_site",
            participant_count=1,
            booking=booking,
        )


# --- A named tutor can be removed ------------------------------------------------------------


def test_named_tutor_list_offers_removal_and_the_catalogue_forgets_the_tutor(client, world):
    from tutori.tutoring.models import NamedTutor

    NamedTutor._default_manager.create(
        school=world.school_a, tutor=world.tutor, set_by=world.coordinator
    )
    client.force_login(world.coordinator)
    html = client.get(reverse("tutoring:named_tutors")).content.decode()
    remove = reverse("tutoring:named_tutor_remove", args=[world.school_a.pk])
    assert f'href="{remove}"' in html and "Poista" in html
    response = client.post(remove, follow=True)
    assert "Nimikkotutor poistettu: Koulu A – Tiina Tutor" in response.content.decode()
    assert not NamedTutor._default_manager.exists()
    client.force_login(world.member)
    assert client.get(reverse("tutoring:catalogue")).context["named_tutors"] == []


# --- The shared-time form speaks of the tutors, not of the coordinator ------------------------


def test_shared_time_form_asks_for_the_tutors_approval_not_mine(client, world):
    client.force_login(world.coordinator)
    html = client.get(reverse("tutoring:shared_new")).content.decode()
    assert "hyväksyntäni" not in html and "aiheesi" not in html
    assert "Varaus vaatii tutorin hyväksynnän" in html
    # A tutor's own form still speaks of their own approval.
    client.force_login(world.tutor)
    assert "Varaus vaatii hyväksyntäni" in client.get(reverse("tutoring:slot_new")).content.decode()


# --- The calendar link: a copy button, and asking before a link in use stops working ---------


def test_new_calendar_link_has_a_copy_button_and_a_live_region(client, world):
    client.force_login(world.member)
    html = client.post(reverse("accounts:feed"), {"action": "create"}).content.decode()
    assert 'data-copy="feed-url"' in html and "Kopioi linkki" in html
    assert 'id="feed-copy-status"' in html and 'aria-live="polite"' in html
    assert "tutori/copy.js" in html and "<script>" not in html  # no inline script (CSP)
    assert 'id="feed-url" type="text" readonly' in html


def test_replacing_or_revoking_a_link_in_use_asks_first(client, world):
    from tutori.accounts.models import CalendarFeed

    client.force_login(world.member)
    client.post(reverse("accounts:feed"), {"action": "create"})
    url = reverse("accounts:feed")
    page = client.get(url).content.decode()
    assert 'href="?confirm=revoke"' in page and 'value="revoke"' not in page
    assert 'href="?confirm=create"' in page and 'value="create"' not in page
    asked = client.get(url, {"confirm": "revoke"}).content.decode()
    assert "Poistetaanko kalenterilinkki käytöstä?" in asked and 'value="revoke"' in asked
    asked = client.get(url, {"confirm": "create"}).content.decode()
    assert "Luodaanko uusi kalenterilinkki?" in asked and 'value="create"' in asked
    assert CalendarFeed._default_manager.filter(user=world.member, revoked_at=None).count() == 1


def test_the_catalogue_reads_the_rules_once_however_many_organisations(client, world):
    """One query for the rules of every listed time, be they of one organisation or more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    BookingPolicy._default_manager.create(organisation=world.oulu, booking_window_weeks=2)
    for i in range(3):
        _slot_in(world, hours=24 * (3 + i))
    client.force_login(world.member)
    url = reverse("tutoring:catalogue")
    client.get(url)
    with CaptureQueriesContext(connection) as one_organisation:
        client.get(url)
    BookingPolicy._default_manager.create(organisation=world.school_a, booking_window_weeks=3)
    for i in range(3):
        SlotFactory(
            organisation=world.oulu,
            tutor=world.tutor,
            is_shared=True,
            starts_at=timezone.now() + timedelta(days=10 + i),
            ends_at=timezone.now() + timedelta(days=10 + i, hours=1),
        )
    with CaptureQueriesContext(connection) as two_organisations:
        client.get(url)
    assert len(two_organisations) == len(one_organisation)
    policy_reads = [q for q in two_organisations if "bookingpolicy" in q["sql"]]
    assert len(policy_reads) == 1


def test_own_bookings_limits_show_instead_of_varaa_and_agree_with_the_service(world):
    """The same time as another booking, and the week's limit: said on the page exactly
    when the service refuses."""
    from tutori.tutoring.selectors.policy import with_closed_reasons
    from tutori.tutoring.services.booking import BookingRefused, booking_create

    BookingPolicy._default_manager.create(organisation=world.oulu, max_open_bookings_per_week=2)
    monday = timezone.localtime(timezone.now() + timedelta(days=14)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    monday -= timedelta(days=monday.weekday())

    def slot_at(day: int, hour: int) -> Slot:
        start = monday + timedelta(days=day, hours=hour - 9)
        made = SlotFactory(
            organisation=world.school_a,
            tutor=world.tutor,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
        return Slot._default_manager.select_related("organisation").get(pk=made.pk)

    first = slot_at(0, 9)
    booking_create(person=world.member, slot=first)
    same_time = slot_at(0, 9)
    free_day = slot_at(1, 9)
    next_week = slot_at(7, 9)
    reasons = {
        s.pk: s.closed_reason
        for s in with_closed_reasons([first, same_time, free_day, next_week], user=world.member)
    }
    assert reasons[same_time.pk] == "Sinulla on jo varaus samaan aikaan"
    assert reasons[free_day.pk] == "" and reasons[next_week.pk] == ""
    with pytest.raises(BookingRefused) as refused:
        booking_create(person=world.member, slot=same_time)
    assert refused.value.code == "overlap"

    booking_create(person=world.member, slot=free_day)
    third = slot_at(2, 9)
    [marked] = with_closed_reasons([third], user=world.member)
    assert "2 varausta sillä viikolla" in marked.closed_reason
    with pytest.raises(BookingRefused) as refused:
        booking_create(person=world.member, slot=third)
    assert refused.value.code == "weekly_limit"
    [marked] = with_closed_reasons([next_week], user=world.member)
    assert marked.closed_reason == ""


def test_a_coordinator_opening_a_schools_time_is_told_it_is_not_theirs_to_book(client, world):
    slot = _slot_in(world, hours=24 * 3)
    client.force_login(world.coordinator)
    html = client.get(reverse("tutoring:book", args=[slot.pk])).content.decode()
    assert "Et voi varata tätä aikaa." in html and "Vahvista varaus" not in html
