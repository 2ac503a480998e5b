"""Who may cancel the rest of a weekly time: its tutor and the coordinators above it."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import BookingFactory
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.accounts.models import User
from tutori.orgs.models import Organisation
from tutori.tutoring.models import Booking, Slot, SlotSeries
from tutori.tutoring.services.availability import series_create

URL_NAME = "tutoring:series_cancel"


def _series(tutor: User, organisation: Organisation) -> SlotSeries:
    first = timezone.localdate() + timedelta(days=7)
    return series_create(
        by=tutor,
        organisation=organisation,
        weekday=first.weekday(),
        start_time=time(14),
        duration_minutes=60,
        first_date=first,
        until=first + timedelta(weeks=2),
        skip_days_off=False,
    )


@pytest.fixture
def series_a(world) -> SlotSeries:  # type: ignore[no-untyped-def]
    """Koulu A's tutor's weekly time, three times; the teacher booked the last one."""
    series = _series(world.tutor, world.school_a)
    BookingFactory(slot=series.slots.order_by("starts_at").last(), person=world.member)
    return series


@pytest.fixture
def series_k(world, kemi_tutor) -> SlotSeries:  # type: ignore[no-untyped-def]
    return _series(kemi_tutor, world.school_k)


def body(series: SlotSeries) -> dict[str, object]:
    second = series.slots.order_by("starts_at")[1]
    return {"from_slot": second.pk, "reason": "Koulutuspäiviä"}


def url(series: SlotSeries) -> str:
    return reverse(URL_NAME, args=[series.pk])


@pytest.mark.parametrize("role", ["tutor", "coordinator", "admin"])
def test_the_tutor_and_coordinators_cancel_the_rest(client, world, series_a, role):
    response = post_as(client, world, role, url(series_a), body(series_a))
    assert response.status_code == 302
    statuses = list(series_a.slots.order_by("starts_at").values_list("status", flat=True))
    assert statuses == [Slot.Status.OPEN, Slot.Status.CANCELLED, Slot.Status.CANCELLED]
    booking = Booking._default_manager.get(person=world.member)
    assert (booking.status, booking.cancel_reason) == (Booking.Status.CANCELLED, "Koulutuspäiviä")


def test_the_schools_principal_sees_the_series_but_may_not_cancel_it(client, world, series_a):
    response = post_changing_nothing(client, world, "manager", url(series_a), body(series_a))
    assert_refused(response, 403)


@pytest.mark.parametrize("role", ["member", "coach", "nobody", "outsider"])
def test_others_do_not_find_the_series(client, world, series_a, role):
    response = post_changing_nothing(client, world, role, url(series_a), body(series_a))
    assert_refused(response, 404)


def test_oulus_coordinator_does_not_find_a_series_in_kemi(client, world, series_k):
    response = post_changing_nothing(client, world, "coordinator", url(series_k), body(series_k))
    assert_refused(response, 404)


def test_anonymous_is_sent_to_log_in(client, world, series_a):
    response = post_changing_nothing(client, world, "anonymous", url(series_a), body(series_a))
    assert_sent_to_login(response)
