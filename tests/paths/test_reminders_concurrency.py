"""Part D: two reminder runs at once (two schedulers, or a run that overlaps the next) send
each reminder once: every reminder is claimed by a conditional UPDATE in the transaction
that queues its mail.

Run on SQLite (IMMEDIATE transactions) and on PostgreSQL (row locks):
``DATABASE_URL=$TEST_POSTGRES_URL pytest tests/paths/test_reminders_concurrency.py``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory
from tests.paths.factories import PathStepFactory, PathTemplateFactory, PathVersionFactory
from tests.racing import race
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import PersonStep
from tutori.paths.services import schedule
from tutori.paths.tasks import reminders_due

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 4


def _paths(world):  # type: ignore[no-untyped-def]
    """``PEOPLE`` teachers of Koulu A, each with a step open today and one overdue."""
    version = PathVersionFactory(template=PathTemplateFactory(organisation=world.oulu))
    PathStepFactory(version=version, position=1, title="Lyhyt työnohjaus", due_within_days=20)
    PathStepFactory(version=version, position=2, title="Roolin aktivointi", due_within_days=5)
    for n in range(PEOPLE):
        person = UserFactory(email=f"vertainen{n}@example.fi")
        MembershipFactory(user=person, organisation=world.school_a)
        schedule.path_start(
            version=version,
            person=person,
            organisation_id=world.school_a.pk,
            coach=world.coach,
            started_on=timezone.localdate() - dt.timedelta(days=7),
        )


@pytest.mark.parametrize("runs", [2, 4])
def test_racing_runs_send_each_reminder_once(world, runs):
    _paths(world)
    mail.outbox.clear()
    results = race(runs, lambda i: reminders_due())
    assert all(isinstance(r, dict) for r in results), results
    assert sum(r["opened"] for r in results) == PEOPLE  # type: ignore[index]
    assert sum(r["overdue"] for r in results) == PEOPLE  # type: ignore[index]
    coach_mails = [m for m in mail.outbox if m.to == [world.coach.email]]
    assert len(coach_mails) == 2 * PEOPLE
    with scopes_disabled():
        rows = PersonStep.objects.filter(path__coach=world.coach)
        opened = rows.filter(step__title="Lyhyt työnohjaus", reminded_open_at__isnull=False)
        overdue = rows.filter(step__title="Roolin aktivointi", reminded_overdue_at__isnull=False)
        assert opened.count() == overdue.count() == PEOPLE
    # And a run after them sends nothing.
    assert reminders_due() == {"opened": 0, "overdue": 0, "mails": 0}
