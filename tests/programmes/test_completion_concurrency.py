"""Completion under concurrent writes: racing confirmations of one participant complete them
once (one code, one role, one mail); a confirmation racing the participant's leaving ends in
one of the two, never both; racing leavings release the place once.

Run on SQLite (IMMEDIATE transactions) and on PostgreSQL (row locks):
``DATABASE_URL=$TEST_POSTGRES_URL pytest tests/programmes/test_completion_concurrency.py``.
"""

from __future__ import annotations

import pytest
from django.core import mail

from tests.programmes.permissions.completion_cases import ready_teacher
from tests.racing import race
from tutori.orgs.models import Membership, Role
from tutori.programmes.models import LeaveReason, Participant, Programme
from tutori.programmes.services import completion
from tutori.programmes.services.completion import CompletionRefused

pytestmark = pytest.mark.django_db(transaction=True)


def test_racing_confirmations_complete_once(world):
    p = ready_teacher(world)
    Programme._default_manager.filter(pk=p.programme_id).update(grants_role=Role.TUTOR)
    p.programme.refresh_from_db()
    results = race(
        4,
        lambda i: completion.confirm(
            programme=p.programme, participant_ids=[p.pk], by=world.coordinator
        ),
    )
    won = [r for r in results if isinstance(r, list)]
    lost = [r for r in results if isinstance(r, CompletionRefused)]
    assert len(won) == 1 and len(lost) == 3, results
    done = Participant._default_manager.get(pk=p.pk)
    assert done.status == Participant.Status.COMPLETED
    assert done.certificate_code == won[0][0].certificate_code
    open_roles = Membership._default_manager.filter(
        user=world.member, organisation=world.school_a, active_to__isnull=True
    )
    assert list(open_roles.values_list("role", flat=True)) == [Role.TUTOR]
    assert len(mail.outbox) == 1


def test_a_confirmation_racing_leaving_ends_in_one_of_them(world):
    p = ready_teacher(world)

    def act(i: int) -> object:
        if i == 0:
            return completion.leave(participant=p, by=world.member, reason=LeaveReason.DROPPED)
        return completion.confirm(
            programme=p.programme, participant_ids=[p.pk], by=world.coordinator
        )

    results = race(2, act)
    refused = [r for r in results if isinstance(r, CompletionRefused)]
    assert len(refused) == 1, results
    final = Participant._default_manager.get(pk=p.pk)
    programme = Programme._default_manager.get(pk=p.programme_id)
    if final.status == Participant.Status.LEFT:
        assert programme.enrolled == 0 and final.certificate_code is None
    else:
        assert final.status == Participant.Status.COMPLETED and programme.enrolled == 1


def test_racing_leavings_release_the_place_once(world):
    p = ready_teacher(world)
    results = race(
        3,
        lambda i: completion.leave(participant=p, by=world.member, reason=LeaveReason.NO_TIME),
    )
    assert sum(isinstance(r, CompletionRefused) for r in results) == 2, results
    assert Programme._default_manager.get(pk=p.programme_id).enrolled == 0
