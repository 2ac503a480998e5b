"""Who may change a published time (its clock time, place and places): its tutor and the
coordinators above it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import SlotFactory
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import Slot

URL_NAME = "tutoring:slot_edit"


@pytest.fixture
def group_a(world) -> Slot:  # type: ignore[no-untyped-def]
    """A group time of Koulu A's tutor a week from now, 14–15."""
    return SlotFactory(organisation=world.school_a, tutor=world.tutor, group=True)


def body(slot: Slot) -> dict[str, object]:
    day = timezone.localtime(slot.starts_at).date()
    return {
        "day": day.isoformat(),
        "start": "15:00",
        "end": "16:30",
        "place": "remote",
        "location": "Teams",
        "capacity": 5,
    }


def url(slot: Slot) -> str:
    return reverse(URL_NAME, args=[slot.pk])


@pytest.mark.parametrize("role", ["tutor", "coordinator", "admin"])
def test_the_tutor_and_coordinators_move_the_time(client, world, group_a, role):
    response = post_as(client, world, role, url(group_a), body(group_a))
    assert response.status_code == 302
    slot = Slot._default_manager.get(pk=group_a.pk)
    assert timezone.localtime(slot.starts_at).strftime("%H:%M") == "15:00"
    assert (slot.ends_at - slot.starts_at).total_seconds() == 90 * 60
    assert (slot.place, slot.location, slot.capacity) == ("remote", "Teams", 5)


@pytest.mark.parametrize("role", ["member", "coach", "manager"])
def test_people_of_koulu_a_who_see_the_time_may_not_change_it(client, world, group_a, role):
    response = post_changing_nothing(client, world, role, url(group_a), body(group_a))
    assert_refused(response, 403)


@pytest.mark.parametrize("role", ["nobody", "outsider"])
def test_people_outside_oulu_do_not_find_the_time(client, world, group_a, role):
    response = post_changing_nothing(client, world, role, url(group_a), body(group_a))
    assert_refused(response, 404)


def test_oulus_coordinator_does_not_find_a_time_in_kemi(client, world, slot_k):
    response = post_changing_nothing(client, world, "coordinator", url(slot_k), body(slot_k))
    assert_refused(response, 404)


def test_anonymous_is_sent_to_log_in(client, world, group_a):
    response = post_changing_nothing(client, world, "anonymous", url(group_a), body(group_a))
    assert_sent_to_login(response)
