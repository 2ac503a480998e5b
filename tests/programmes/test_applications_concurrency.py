"""Places under concurrent decisions and cancellations: the database's counter decides, the
waiting list moves up one person per freed place, in order, and losers get a clear refusal.

Run on SQLite (IMMEDIATE transactions) and on PostgreSQL (row locks):
``DATABASE_URL=$TEST_POSTGRES_URL pytest tests/programmes/test_applications_concurrency.py``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.programmes.applications_setup import applicant, enrolled, open_programme, teachers
from tests.racing import race
from tutori.programmes.models import Participant, Programme
from tutori.programmes.services import enrolment
from tutori.programmes.services.enrolment import EnrolmentRefused

pytestmark = pytest.mark.django_db(transaction=True)


def _statuses(programme: Programme) -> dict[str, int]:
    rows = Participant._default_manager.filter(programme=programme)
    return {s: rows.filter(status=s).count() for s in Participant.Status.values}


def test_racing_accepts_fill_the_places_and_refuse_the_rest(world):
    programme = open_programme(world, capacity=3)
    people = teachers(world, 12)
    applications = [applicant(programme, p, world.school_a) for p in people]

    results = race(
        12, lambda i: enrolment.accept(participant=applications[i], by=world.coordinator)
    )

    accepted = [r for r in results if isinstance(r, Participant)]
    refused = [r for r in results if isinstance(r, EnrolmentRefused)]
    assert [r for r in results if r not in accepted and r not in refused] == []
    assert len(accepted) == 3
    assert {r.code for r in refused} == {"full"}
    assert Programme._default_manager.get(pk=programme.pk).enrolled == 3
    assert _statuses(programme)[Participant.Status.ENROLLED] == 3


def test_racing_accepts_of_one_application_enrol_it_once(world):
    programme = open_programme(world, capacity=5)
    p = applicant(programme, world.member, world.school_a)

    results = race(6, lambda i: enrolment.accept(participant=p, by=world.coordinator))

    assert len([r for r in results if isinstance(r, Participant)]) == 1
    assert {r.code for r in results if isinstance(r, EnrolmentRefused)} == {"not_pending"}
    assert Programme._default_manager.get(pk=programme.pk).enrolled == 1


def test_racing_direct_enrolments_and_accepts_share_the_places(world):
    programme = open_programme(world, capacity=4)
    people = teachers(world, 10)
    applications = [applicant(programme, p, world.school_a) for p in people[:5]]

    def act(i: int) -> object:
        if i < 5:
            return enrolment.accept(participant=applications[i], by=world.coordinator)
        return enrolment.enrol(programme=programme, person=people[i], by=world.coordinator)

    results = race(10, act)

    assert len([r for r in results if isinstance(r, Participant)]) == 4
    assert {r.code for r in results if isinstance(r, EnrolmentRefused)} == {"full"}
    assert Programme._default_manager.get(pk=programme.pk).enrolled == 4
    assert _statuses(programme)[Participant.Status.ENROLLED] == 4


def test_racing_cancellations_promote_the_waiting_list_in_its_order(world):
    """Four of six participants cancel at once; six wait: the first four waiting get the
    places, one each, the counter stays at the capacity."""
    programme = open_programme(world, capacity=6)
    people = teachers(world, 12)
    holders = [enrolled(programme, p, world.school_a) for p in people[:6]]
    now = timezone.now()
    waiting = [
        applicant(
            programme,
            p,
            world.school_a,
            status=Participant.Status.WAITLISTED,
            waitlisted_at=now + dt.timedelta(seconds=n),
        )
        for n, p in enumerate(people[6:])
    ]

    results = race(4, lambda i: enrolment.cancel(participant=holders[i], by=people[i]))

    assert all(isinstance(r, Participant) for r in results), results
    assert Programme._default_manager.get(pk=programme.pk).enrolled == 6
    statuses = {
        p.pk: p.status for p in Participant._default_manager.filter(pk__in=[w.pk for w in waiting])
    }
    assert [statuses[w.pk] for w in waiting] == ["enrolled"] * 4 + ["waitlisted"] * 2
    assert _statuses(programme)[Participant.Status.ENROLLED] == 6


def test_racing_cancellations_and_accepts_never_overfill(world):
    """Cancellations free places while the coordinator accepts new applications: waiting
    people come first and the accepted ones share the rest, never more than the capacity."""
    programme = open_programme(world, capacity=3)
    people = teachers(world, 11)
    holders = [enrolled(programme, p, world.school_a) for p in people[:3]]
    now = timezone.now()
    for n, p in enumerate(people[3:5]):
        applicant(
            programme,
            p,
            world.school_a,
            status=Participant.Status.WAITLISTED,
            waitlisted_at=now + dt.timedelta(seconds=n),
        )
    fresh_applications = [applicant(programme, p, world.school_a) for p in people[5:]]

    def act(i: int) -> object:
        if i < 3:
            return enrolment.cancel(participant=holders[i], by=people[i])
        return enrolment.accept(participant=fresh_applications[i - 3], by=world.coordinator)

    results = race(9, act)

    others = [r for r in results if not isinstance(r, (Participant, EnrolmentRefused))]
    assert others == []
    # Each cancellation promotes the next person waiting in its own transaction, so both
    # waiting people got a place; a place freed when no one waited may be left free if
    # every accept had already been refused. The counter is always the rows' count.
    counted = Programme._default_manager.get(pk=programme.pk).enrolled
    statuses = _statuses(programme)
    assert counted == statuses[Participant.Status.ENROLLED] <= 3
    assert statuses[Participant.Status.WAITLISTED] == 0
    assert all(
        Participant._default_manager.get(programme=programme, person=p).status == "enrolled"
        for p in people[3:5]
    )


def test_racing_applications_of_one_person_make_one(world):
    programme = open_programme(world)

    results = race(
        5,
        lambda i: enrolment.apply(
            programme=programme,
            person=world.member,
            by=world.member,
            motivation=f"Hakemus {i}",
            answers=["Opettaja"],
        ),
    )

    assert len([r for r in results if isinstance(r, Participant)]) == 1
    assert {r.code for r in results if isinstance(r, EnrolmentRefused)} == {"duplicate"}
    assert Participant._default_manager.filter(programme=programme).count() == 1
