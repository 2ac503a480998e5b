"""Capacity under concurrent requests: the database decides, losers get a clear refusal."""

from __future__ import annotations

import pytest

from tests.factories import MembershipFactory, SlotFactory, UserFactory
from tests.racing import race
from tutori.tutoring.models import Booking, Slot
from tutori.tutoring.services.booking import BookingRefused, booking_create


@pytest.mark.django_db(transaction=True)
def test_fifty_racing_bookings_fill_three_places_and_refuse_the_rest(world):
    slot = SlotFactory(tutor=world.tutor, organisation=world.school_a, group=True)
    people = [UserFactory() for _ in range(50)]
    for person in people:
        MembershipFactory(user=person, organisation=world.school_a)

    results = race(50, lambda i: booking_create(person=people[i], slot=slot))

    booked = [r for r in results if isinstance(r, Booking)]
    refusals = [r for r in results if isinstance(r, BookingRefused)]
    others = [r for r in results if not isinstance(r, (Booking, BookingRefused))]
    assert others == []
    assert len(booked) == 3
    assert len(refusals) == 47
    assert {r.code for r in refusals} == {"full"}
    slot = Slot._default_manager.get(pk=slot.pk)
    assert slot.booked == 3
    assert Booking._default_manager.filter(slot=slot, status="confirmed").count() == 3


def _session_cookie(user) -> str:  # type: ignore[no-untyped-def]
    """A logged-in session for ``user``, as the login view would leave it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return str(session.session_key)


@pytest.mark.django_db(transaction=True)
def test_fifty_racing_http_bookings_against_the_live_server(live_server, world):
    """The same race through the real page: 3 confirmations, 47 clear refusals, no 500."""
    import urllib.error
    import urllib.request

    from django.conf import settings
    from django.urls import reverse

    slot = SlotFactory(tutor=world.tutor, organisation=world.school_a, group=True)
    people = [UserFactory() for _ in range(50)]
    for person in people:
        MembershipFactory(user=person, organisation=world.school_a)
    cookies = [_session_cookie(p) for p in people]
    url = live_server.url + reverse("tutoring:book", args=[slot.pk])
    token = "t" * 32  # an unmasked CSRF secret, sent as cookie and header alike

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def post(i: int) -> tuple[int, str]:
        request = urllib.request.Request(
            url,
            data=b"need=apua",
            method="POST",
            headers={
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookies[i]}; "
                f"{settings.CSRF_COOKIE_NAME}={token}",
                "X-CSRFToken": token,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, ""
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    results = race(50, post)
    statuses = [r[0] for r in results if isinstance(r, tuple)]
    assert len(statuses) == 50, results
    assert statuses.count(302) == 3
    assert statuses.count(409) == 47
    assert all("Aika on jo täynnä" in body for status, body in results if status == 409)  # type: ignore[misc]
    assert Slot._default_manager.get(pk=slot.pk).booked == 3
    assert Booking._default_manager.filter(slot=slot, status="confirmed").count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_racing_cancellations_promote_exactly_two_waiting_people_in_order(world):
    from tests.factories import BookingFactory
    from tutori.tutoring.services.booking import booking_cancel

    slot = SlotFactory(tutor=world.tutor, organisation=world.school_a, group=True, capacity=2)
    confirmed = [BookingFactory(slot=slot) for _ in range(2)]
    waiting = [BookingFactory(slot=slot, waiting=True) for _ in range(3)]

    results = race(
        2,
        lambda i: booking_cancel(booking=confirmed[i], by=confirmed[i].person, reason="Este"),
    )

    assert all(isinstance(r, Booking) for r in results), results
    statuses = [Booking._default_manager.get(pk=b.pk).status for b in waiting]
    assert statuses == ["confirmed", "confirmed", "waiting"]
    assert Slot._default_manager.get(pk=slot.pk).booked == 2
