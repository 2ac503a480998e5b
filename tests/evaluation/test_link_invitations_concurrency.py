"""Part A: two invitation runs at once (two schedulers, or a run overlapping the next) send
each survey once: the invitation is claimed by a conditional UPDATE of its ``*_sent_at`` in
the transaction that claims and queues the survey's sending.

Two saves of a programme's surveys at once make one evaluation (the programme's row is
locked while it changes).

Run on SQLite (IMMEDIATE transactions) and on PostgreSQL (row locks):
``DATABASE_URL=$TEST_POSTGRES_URL pytest tests/evaluation/test_link_invitations_concurrency.py``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from tests.evaluation.link_setup import fresh, link_all, linkable
from tests.racing import race
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.evaluation.services.invite import invitations_due
from tutori.evaluation.services.link import evaluation_link
from tutori.programmes.models import Participant
from tutori.surveys.models import Recipient

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("runs", [2, 4])
def test_racing_runs_send_each_invitation_once(world, runs):
    today = timezone.localdate()
    setup = linkable(world, starts_on=today - dt.timedelta(days=30), ends_on=today)
    evaluation = link_all(setup, world.coordinator)
    mail.outbox.clear()
    results = race(runs, lambda i: invitations_due())
    assert all(isinstance(r, dict) for r in results), results
    for kind in ("pre", "post", "feedback"):
        assert sum(r[kind] for r in results) == 1, (kind, results)  # type: ignore[index]
    holding = setup.emails(Participant.Status.ENROLLED, Participant.Status.COMPLETED)
    # Three surveys, each to everyone holding a place, once.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(list(holding) * 3)
    with scopes_disabled():
        for survey in (setup.pre, setup.post, setup.feedback):
            assert Recipient.objects.filter(survey=survey).count() == len(holding)
    got = fresh(evaluation)
    assert got.pre_sent_at and got.post_sent_at and got.feedback_sent_at
    # And a run after them sends nothing.
    assert invitations_due() == {"pre": 0, "post": 0, "feedback": 0}


def test_two_saves_at_once_make_one_evaluation(world):
    setup = linkable(world)

    def save(i: int) -> object:
        return evaluation_link(
            by=world.coordinator,
            programme=setup.programme,
            pre_id=setup.pre.pk,
            post_id=setup.post.pk,
            feedback_id=setup.feedback.pk if i % 2 else None,
        )

    results = race(4, save)
    assert all(isinstance(r, ProgrammeEvaluation) for r in results), results
    with scopes_disabled():
        assert ProgrammeEvaluation.objects.filter(programme=setup.programme).count() == 1
