"""The member's pages: catalogue, booking, own bookings, cancelling, the week and the feed."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import BookingFactory, SlotFactory, TopicFactory
from tutori.tutoring.models import Booking, Mode, Slot, TutorProfile


def _profile(user, organisation, topics):
    profile = TutorProfile._default_manager.create(user=user, organisation=organisation)
    profile.topics.set(topics)
    return profile


def test_catalogue_lists_topic_areas_and_free_times_of_own_school(client, world):
    topic = TopicFactory(organisation=world.oulu, name="Digipedagogiikka")
    _profile(world.tutor, world.school_a, [topic])
    SlotFactory(organisation=world.school_a, tutor=world.tutor, note="Koulu A:n aika")
    SlotFactory(organisation=world.school_k, note="Kemin salainen aika")
    client.force_login(world.member)
    html = client.get(reverse("tutoring:catalogue")).content.decode()
    assert "Digipedagogiikka" in html and "Tiina Tutor" in html
    assert "Koulu A:n aika" in html
    assert "Kemin salainen aika" not in html


def test_shared_municipal_time_is_visible_in_every_school_of_the_municipality(client, world):
    SlotFactory(organisation=world.oulu, tutor=world.tutor, is_shared=True, note="Yhteinen")
    SlotFactory(organisation=world.school_a, tutor=world.tutor, note="Vain A")
    from tests.factories import MembershipFactory

    teacher_b = MembershipFactory(organisation=world.school_b).user
    client.force_login(teacher_b)
    html = client.get(reverse("tutoring:catalogue")).content.decode()
    assert "Yhteinen" in html
    assert "Vain A" not in html
    client.force_login(world.outsider)
    assert "Yhteinen" not in client.get(reverse("tutoring:catalogue")).content.decode()


def test_catalogue_filters_by_topic_mode_and_search(client, world):
    arviointi = TopicFactory(organisation=world.oulu, name="Arviointi")
    digi = TopicFactory(organisation=world.oulu, name="Digi")
    _profile(world.tutor, world.school_a, [arviointi, digi])
    a = SlotFactory(organisation=world.school_a, tutor=world.tutor, note="Arviointiaika")
    a.topics.set([arviointi])
    SlotFactory(
        organisation=world.school_a,
        tutor=world.tutor,
        note="Ryhmäaika",
        group=True,
        starts_at=timezone.now() + timedelta(days=8),
        ends_at=timezone.now() + timedelta(days=8, hours=1),
    )
    client.force_login(world.member)
    url = reverse("tutoring:catalogue")
    html = client.get(url, {"topic": arviointi.pk}).content.decode()
    assert "Arviointiaika" in html
    html = client.get(url, {"mode": Mode.GROUP}).content.decode()
    assert "Ryhmäaika" in html and "Arviointiaika" not in html
    html = client.get(url, {"q": "ryhmä"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "Ryhmäaika" in html


def test_bad_filter_input_is_ignored_not_an_error(client, world):
    client.force_login(world.member)
    url = reverse("tutoring:catalogue")
    for params in ({"topic": "x"}, {"day": "2026-13-45"}, {"page": "999999"}, {"q": "a\x00b"}):
        assert client.get(url, params).status_code == 200


def test_booking_through_the_page_confirms_and_lists_it(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor)
    client.force_login(world.member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("tutoring:book", args=[slot.pk]), {"need": "Wilma-arviointi"}
        )
    assert response.status_code == 302
    booking = Booking._default_manager.get(slot=slot, person=world.member)
    assert booking.status == Booking.Status.CONFIRMED and booking.need == "Wilma-arviointi"
    # The teacher's confirmation and the tutor's news of the booking
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.member.email, world.tutor.email])
    html = client.get(reverse("tutoring:my_bookings")).content.decode()
    assert "Varaus vahvistettu" in html and "Tiina Tutor" in html


def test_a_full_slot_refuses_with_a_message_and_keeps_the_text(client, world):
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor)
    BookingFactory(slot=slot)
    client.force_login(world.member)
    response = client.post(reverse("tutoring:book", args=[slot.pk]), {"need": "Apua Teamsiin"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Aika on jo varattu." in html and "Apua Teamsiin" in html


def test_full_group_slot_offers_the_waiting_list(client, world):
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor, group=True)
    for _i in range(3):
        BookingFactory(slot=slot)
    client.force_login(world.member)
    url = reverse("tutoring:book", args=[slot.pk])
    assert "Liity jonoon" in client.get(url).content.decode()
    client.post(url, {"join_waiting_list": "on"})
    booking = Booking._default_manager.get(slot=slot, person=world.member)
    assert booking.status == Booking.Status.WAITING
    html = client.get(reverse("tutoring:my_bookings")).content.decode()
    assert "jonossa 1." in html


def test_the_place_in_each_waiting_list_counts_those_before(
    client, world, django_assert_max_num_queries
):
    first, second = (
        SlotFactory(organisation=world.school_a, tutor=world.tutor, group=True) for _i in range(2)
    )
    for slot in (first, second):
        for _i in range(3):
            BookingFactory(slot=slot)
    # Two others wait for the second time before the member; nobody for the first.
    BookingFactory(slot=second, status=Booking.Status.WAITING)
    BookingFactory(slot=second, status=Booking.Status.WAITING)
    BookingFactory(slot=first, status=Booking.Status.WAITING, person=world.member)
    BookingFactory(slot=second, status=Booking.Status.WAITING, person=world.member)
    BookingFactory(slot=second, status=Booking.Status.WAITING)  # after the member
    client.force_login(world.member)
    client.get(reverse("tutoring:my_bookings"))
    with django_assert_max_num_queries(8):
        html = client.get(reverse("tutoring:my_bookings")).content.decode()
    assert html.count("jonossa 1.") == 1 and html.count("jonossa 3.") == 1


def test_cancel_asks_a_reason_then_cancels(client, world):
    booking = BookingFactory(
        slot=SlotFactory(organisation=world.school_a, tutor=world.tutor), person=world.member
    )
    client.force_login(world.member)
    url = reverse("tutoring:booking_cancel", args=[booking.pk])
    assert "Peruutuksen syy" in client.get(url).content.decode()
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    client.post(url, {"reason": "Sairastuin"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.cancel_reason == "Sairastuin"
    assert Slot._default_manager.get(pk=booking.slot_id).booked == 0


def test_another_persons_booking_cannot_be_cancelled_by_a_colleague(client, world):
    from tests.factories import MembershipFactory

    colleague = MembershipFactory(organisation=world.school_a).user
    booking = BookingFactory(
        slot=SlotFactory(organisation=world.school_a, tutor=world.tutor), person=world.member
    )
    client.force_login(colleague)
    url = reverse("tutoring:booking_cancel", args=[booking.pk])
    assert client.post(url, {"reason": "kiusaa"}).status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_week_shows_bookings_and_own_times(client, world):
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor)
    BookingFactory(slot=slot, person=world.member)
    week = timezone.localtime(slot.starts_at).date().isoformat()
    client.force_login(world.member)
    html = client.get(reverse("tutoring:week"), {"week": week}).content.decode()
    assert "Tutorointi: Tiina Tutor" in html
    client.force_login(world.tutor)
    html = client.get(reverse("tutoring:week"), {"week": week}).content.decode()
    assert "Oma tutoraika" in html and "1/1 varattu" in html
    assert client.get(reverse("tutoring:week"), {"week": "not-a-date"}).status_code == 200


def test_ical_feed_parses_with_times_timezone_and_cancellations(client, world):
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor)
    BookingFactory(slot=slot, person=world.member)
    cancelled = BookingFactory(
        slot=SlotFactory(
            organisation=world.school_a,
            tutor=world.tutor,
            starts_at=slot.starts_at + timedelta(days=1),
            ends_at=slot.ends_at + timedelta(days=1),
        ),
        person=world.member,
        cancelled=True,
    )
    client.force_login(world.member)
    response = client.post(reverse("accounts:feed"), {"action": "create"})
    url = response.context["url"]
    path = url.split("testserver", 1)[1]
    client.logout()
    body = client.get(path)
    assert body.status_code == 200 and body["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(body.content)
    assert calendar.walk("VTIMEZONE"), "the feed carries its time zone"
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    confirmed = events[f"booking-{Booking._default_manager.get(slot=slot).pk}"]
    start = confirmed.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Helsinki"
    assert start == slot.starts_at
    assert str(events[f"booking-{cancelled.pk}"]["STATUS"]) == "CANCELLED"


def test_revoked_feed_answers_404(client, world):
    client.force_login(world.member)
    url = client.post(reverse("accounts:feed"), {"action": "create"}).context["url"]
    path = url.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    client.post(reverse("accounts:feed"), {"action": "revoke"})
    assert client.get(path).status_code == 404
    # a new link replaces the old one
    new = client.post(reverse("accounts:feed"), {"action": "create"}).context["url"]
    assert client.get(new.split("testserver", 1)[1]).status_code == 200


def _many_slots(world, n: int) -> None:
    start = timezone.now() + timedelta(days=2)
    Slot._default_manager.bulk_create(
        [
            Slot(
                tutor=world.tutor,
                organisation=world.school_a,
                starts_at=start + timedelta(hours=2 * i),
                ends_at=start + timedelta(hours=2 * i + 1),
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("n", [10, 1000])
def test_catalogue_and_week_make_a_constant_number_of_queries(
    client, world, n, django_assert_max_num_queries
):
    topic = TopicFactory(organisation=world.oulu)
    _profile(world.tutor, world.school_a, [topic])
    _many_slots(world, n)
    client.force_login(world.member)
    # Among them one for the booking rules of every listed time and one for the teacher's
    # own bookings that hold time (why a time cannot be booked: selectors.policy), and the
    # ids of the tutors' profiles read before the profiles (PostgreSQL's plan).
    with django_assert_max_num_queries(16):
        assert client.get(reverse("tutoring:catalogue")).status_code == 200
    client.force_login(world.tutor)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("tutoring:week")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("tutoring:my_bookings")).status_code == 200


def test_catalogue_names_the_schools_named_tutor(client, world):
    from tutori.tutoring.models import NamedTutor

    NamedTutor.objects.create(school=world.school_a, tutor=world.tutor, set_by=world.coordinator)
    client.force_login(world.member)
    html = client.get(reverse("tutoring:catalogue")).content.decode()
    # The name needs no case ending: "Nimikkotutor: Tiina Tutor", not "Koulusi X nimikkotutor".
    assert "Koulusi nimikkotutor: Tiina Tutor (Koulu A)." in html
    assert "Tutorin ajat: Tiina Tutor" in html
    client.force_login(world.outsider)
    assert "Koulusi nimikkotutor" not in client.get(reverse("tutoring:catalogue")).content.decode()


def test_a_coordinator_sees_a_schools_times_but_the_catalogue_offers_only_bookable_ones(world):
    own = SlotFactory(organisation=world.oulu, tutor=world.tutor, is_shared=True)
    school = SlotFactory(organisation=world.school_a, tutor=world.tutor)
    assert set(Slot.objects.visible_to(world.coordinator)) == {own, school}
    assert list(Slot.objects.visible_to(world.coordinator, "tutoring.book")) == [own]
    assert set(Slot.objects.visible_to(world.member, "tutoring.book")) == {own, school}
    assert not Slot.objects.visible_to(world.outsider, "tutoring.book").exists()


def test_the_booking_just_made_is_marked_in_the_list(client, world):
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor)
    later = slot.starts_at + timedelta(hours=2)
    other = BookingFactory(
        slot=SlotFactory(organisation=world.school_a, tutor=world.tutor, starts_at=later),
        person=world.member,
    )
    client.force_login(world.member)
    response = client.post(reverse("tutoring:book", args=[slot.pk]), {"need": "Wilma"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert html.count('class="just-made"') == 1
    assert f"/tutoring/bookings/{other.pk}/cancel/" in html
    # A made= that names nothing marks nothing, and is no error.
    html = client.get(reverse("tutoring:my_bookings") + "?made=x%00<b>").content.decode()
    assert "just-made" not in html
