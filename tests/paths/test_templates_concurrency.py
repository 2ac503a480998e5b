"""Edits of a followed template at the same moment: the first makes version n+1, the others
see it and edit it too (one new version, every edit in it, no error); a path started while a
step is edited is either on the old version (the edit goes to a new one) or sees the edit.

Run on SQLite (IMMEDIATE transactions) and on PostgreSQL (the template's row lock):
``DATABASE_URL=$TEST_POSTGRES_URL pytest tests/paths/test_templates_concurrency.py``.
"""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.paths.templates_setup import follow, parik, steps_of, versions
from tests.racing import race
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import PathStep, PersonPath
from tutori.paths.services import schedule
from tutori.paths.services import templates as services
from tutori.paths.services.templates import StepData

pytestmark = pytest.mark.django_db(transaction=True)


def test_racing_edits_of_a_followed_version_make_one_new_version(world):
    p = parik(world.oulu)
    follow(p.version)

    results = race(
        4,
        lambda i: services.step_add(
            by=world.coordinator,
            template=p.template,
            data=StepData(title=f"Lisävaihe {i}", kind="task", due_within_days=7),
        ),
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(1 for _step, new in results if new) == 1  # type: ignore[misc]
    old, latest = versions(p.template)
    assert len(steps_of(old)) == 4
    titles = [s.title for s in steps_of(latest)]
    assert len(titles) == 8
    assert sorted(titles[4:]) == [f"Lisävaihe {i}" for i in range(4)]


def test_a_path_started_during_an_edit_is_on_a_version_that_holds_still(world):
    p = parik(world.oulu)
    person = UserFactory()

    def act(i: int) -> object:
        if i == 0:
            with scopes_disabled():
                return schedule.path_start(
                    version=p.version, person=person, organisation_id=world.oulu.pk
                ).path
        return services.step_add(
            by=world.coordinator,
            template=p.template,
            data=StepData(title="Palautekysely", kind="feedback", due_within_days=7),
        )

    results = race(2, act)
    assert [r for r in results if isinstance(r, Exception)] == []
    with scopes_disabled():
        path = PersonPath.objects.get(person=person)
        # The person's steps are exactly their version's steps: an edit never changed a
        # version someone followed.
        assert path.steps.count() == PathStep.objects.filter(version=path.version).count()
