"""The workshops in a person's calendar feed: the ones with a start time that they made or
joined with their account, until closed; another's workshop never."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from tests.workshops.workshop_setup import join, make_workshop
from tutori.accounts.calendar import feed_calendar
from tutori.workshops.calendar import workshop_events
from tutori.workshops.services import workshops as services

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + timedelta(days=10)


def _uids(user):
    return [e.uid for e in workshop_events(user, timezone.now())]


def test_made_and_joined_workshops_with_a_time_are_in_the_feed(world):
    made = make_workshop(world, held_on=SOON, starts_at=time(12, 30), title="Puimala")
    make_workshop(world, held_on=SOON, title="Ilman kellonaikaa")
    join(made, user=world.member)
    assert _uids(world.coordinator) == [f"workshop-{made.pk}"]
    assert _uids(world.member) == [f"workshop-{made.pk}"]
    assert _uids(world.outsider) == []
    event = next(workshop_events(world.member, timezone.now()))
    assert event.ends_at - event.starts_at == timedelta(hours=3)
    assert event.starts_at.astimezone(timezone.get_current_timezone()).hour == 12
    assert b"Puimala" in feed_calendar(user=world.member, host="tutori.example")


def test_a_closed_or_past_workshop_leaves_the_feed(world):
    closed = make_workshop(world, held_on=SOON, starts_at=time(9, 0))
    services.workshop_close(by=world.coordinator, workshop=closed)
    make_workshop(world, held_on=date(2020, 1, 1), starts_at=time(9, 0))
    assert _uids(world.coordinator) == []
