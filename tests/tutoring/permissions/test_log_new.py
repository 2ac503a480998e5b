"""Who may log delivered tutoring: tutors (and coordinators) where they tutor, as themselves;
a booking is logged only by the tutor whose time it was."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import BookingFactory, MembershipFactory, SlotFactory
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import Booking, TutoringSession

URL_NAME = "tutoring:log_new"


def body(organisation_id: int, **overrides):  # type: ignore[no-untyped-def]
    return {
        "date": timezone.localdate().isoformat(),
        "duration_minutes": 45,
        "organisation": organisation_id,
        "topic": "",
        "mode": "individual",
        "place": "on_site",
        "participant_count": 1,
        "note": "Lupatesti",
        **overrides,
    }


def logged() -> list[TutoringSession]:
    return list(TutoringSession._default_manager.filter(note="Lupatesti"))


@pytest.fixture
def delivered_a(world) -> Booking:  # type: ignore[no-untyped-def]
    """The teacher's booking of Koulu A's tutor time yesterday (a time not yet over is not
    logged as delivered)."""
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor, past=True)
    return BookingFactory(slot=slot, person=world.member)


@pytest.mark.parametrize("role", ["tutor", "coordinator", "admin"])
def test_a_tutor_logs_tutoring_in_koulu_a(client, world, topic_a, role):
    data = body(world.school_a.pk, topic=topic_a.pk)
    response = post_as(client, world, role, reverse(URL_NAME), data)
    assert response.status_code == 302
    [session] = logged()
    assert session.tutor == world.by_role(role)
    assert session.organisation == world.school_a
    assert session.topic == topic_a


def test_the_tutor_logs_their_own_booking(client, world, delivered_a):
    url = f"{reverse(URL_NAME)}?booking={delivered_a.pk}"
    response = post_as(client, world, "tutor", url, body(world.school_a.pk))
    assert response.status_code == 302
    [session] = logged()
    assert session.booking_id == delivered_a.pk
    assert list(session.participants.all()) == [world.member]


def test_another_tutor_naming_the_booking_does_not_log_it(client, world, delivered_a):
    colleague = MembershipFactory(organisation=world.school_a, tutor=True).user
    client.force_login(colleague)
    url = f"{reverse(URL_NAME)}?booking={delivered_a.pk}"
    client.post(url, body(world.school_a.pk))
    assert not TutoringSession._default_manager.filter(booking=delivered_a).exists()


@pytest.mark.parametrize("role", ["member", "coach", "manager", "nobody"])
def test_people_who_do_not_tutor_are_refused(client, world, role):
    data = body(world.school_a.pk)
    response = post_changing_nothing(client, world, role, reverse(URL_NAME), data)
    assert_refused(response, 403)


def test_kemis_coordinator_cannot_log_in_koulu_a(client, world):
    data = body(world.school_a.pk)
    response = post_changing_nothing(client, world, "outsider", reverse(URL_NAME), data)
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors


def test_koulu_as_tutor_cannot_log_in_koulu_b(client, world):
    data = body(world.school_b.pk)
    response = post_changing_nothing(client, world, "tutor", reverse(URL_NAME), data)
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors


def test_naming_koulu_ks_topic_logs_nothing(client, world, topic_k):
    data = body(world.school_a.pk, topic=topic_k.pk)
    response = post_changing_nothing(client, world, "tutor", reverse(URL_NAME), data)
    assert response.status_code == 400
    assert "topic" in response.context["form"].errors


def test_anonymous_is_sent_to_log_in(client, world):
    data = body(world.school_a.pk)
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), data)
    assert_sent_to_login(response)
