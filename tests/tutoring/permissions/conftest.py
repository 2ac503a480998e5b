"""Set-up shared by the tutoring write-permission tests: Koulu A's times, bookings, topics,
budgets, and a tutor and a topic in Kemi's Koulu K (the other municipality)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import World
from tests.factories import (
    BookingFactory,
    MembershipFactory,
    SlotFactory,
    SubstituteBudgetFactory,
    SubstituteSpendFactory,
    TopicFactory,
    TutoringSessionFactory,
    UserFactory,
)
from tutori.accounts.models import User
from tutori.tutoring.models import Booking, Slot, SubstituteBudget, SubstituteSpend, Topic


@pytest.fixture
def slot_a(world: World) -> Slot:
    """A free time of Koulu A's tutor, a week from now."""
    return SlotFactory(organisation=world.school_a, tutor=world.tutor)


@pytest.fixture
def booking_a(world: World, slot_a: Slot) -> Booking:
    """The teacher's confirmed booking of Koulu A's tutor time."""
    return BookingFactory(slot=slot_a, person=world.member)


@pytest.fixture
def pending_a(world: World) -> Booking:
    """The teacher's booking of a time that needs the tutor's approval."""
    slot = SlotFactory(organisation=world.school_a, tutor=world.tutor, needs_approval=True)
    return BookingFactory(slot=slot, person=world.member, pending=True)


@pytest.fixture
def topic_a(world: World) -> Topic:
    return TopicFactory(organisation=world.school_a, name="Arviointi")


@pytest.fixture
def kemi_tutor(world: World) -> User:
    """A tutor of Koulu K in Kemi."""
    tutor = UserFactory(display_name="Kerttu Kemin-Tutor")
    MembershipFactory(user=tutor, organisation=world.school_k, tutor=True)
    return tutor


@pytest.fixture
def topic_k(world: World) -> Topic:
    """A topic of Koulu K: no one in Oulu sees it (Kemi itself shares Oulu's network)."""
    return TopicFactory(organisation=world.school_k, name="Kemin oma aihe")


@pytest.fixture
def slot_k(world: World, kemi_tutor: User) -> Slot:
    return SlotFactory(organisation=world.school_k, tutor=kemi_tutor)


@pytest.fixture
def budget_a(world: World) -> SubstituteBudget:
    return SubstituteBudgetFactory(school=world.school_a)


@pytest.fixture
def spend_a(world: World, budget_a: SubstituteBudget) -> SubstituteSpend:
    """120 € on Koulu A's budget, proposed by Oulu's other coordinator (so that every
    overseer of the world may decide it: nobody decides their own spend)."""
    other = UserFactory(display_name="Kerkko Toinen-Koordinaattori")
    MembershipFactory(user=other, organisation=world.oulu, coordinator=True)
    return SubstituteSpendFactory(budget=budget_a, created_by=other)


@pytest.fixture
def session_k(world: World, kemi_tutor: User) -> Any:
    """Tutoring given in Koulu K during lessons (a substitute spend may point to it)."""
    return TutoringSessionFactory(tutor=kemi_tutor, organisation=world.school_k, in_lessons=True)


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def next_weekday(weekday: int) -> date:
    """The next such weekday after today (0 = Monday)."""
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def slot_body(organisation_id: int, **overrides: Any) -> dict[str, Any]:
    """A valid one-off time three days from now, 14–15."""
    return {
        "day": in_days(3).isoformat(),
        "start": "14:00",
        "end": "15:00",
        "organisation": organisation_id,
        "mode": "individual",
        "capacity": 1,
        "place": "on_site",
        "note": "Lupatesti",
        **overrides,
    }


def series_body(organisation_id: int, **overrides: Any) -> dict[str, Any]:
    """A valid weekly time on Wednesdays 9–10 for three weeks."""
    first = next_weekday(2)
    return {
        "weekday": 2,
        "start": "09:00",
        "duration_minutes": 60,
        "first_date": first.isoformat(),
        "until": (first + timedelta(weeks=2)).isoformat(),
        "exceptions": "",
        "publish_on_days_off": "on",  # three times whatever the date (no holiday skipped)
        "organisation": organisation_id,
        "mode": "group",
        "capacity": 4,
        "place": "remote",
        "note": "Lupatesti",
        **overrides,
    }


def slots_noted(note: str = "Lupatesti") -> list[Slot]:
    return list(Slot._default_manager.filter(note=note).order_by("starts_at"))
