"""One participant voting from several tabs at the same moment: the database keeps them
within their votes per question and per theme; the rest are refused with a message.

Run on SQLite (IMMEDIATE transactions) and on PostgreSQL (the question's row lock and the
unique slots): ``DATABASE_URL=$TEST_POSTGRES_URL pytest tests/workshops/test_votes_concurrency.py``.
"""

from __future__ import annotations

import pytest

from tests.racing import race
from tests.workshops.workshop_setup import join, make_workshop, phase, questions, themed
from tutori.core.errors import ApplicationError
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Phase, Vote
from tutori.workshops.services import participation as services

pytestmark = pytest.mark.django_db(transaction=True)


def _voting(world, **kwargs):
    workshop = make_workshop(world, **kwargs)
    q = questions(workshop)[0]
    themes = themed(world, q, {f"T{i}": [f"idea {i}"] for i in range(6)})
    phase(world, q, Phase.VOTING)
    return workshop, q, list(themes.values())


def test_racing_votes_of_one_participant_never_exceed_the_limit(world):
    workshop, _q, themes = _voting(world, votes_per_participant=3)
    me = join(workshop)

    results = race(6, lambda i: services.vote_cast(participant=me, theme=themes[i]))

    errors = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(e, ApplicationError) for e in errors), errors
    assert len(errors) == 3
    with scopes_disabled():
        assert sorted(Vote.objects.filter(participant=me).values_list("slot", flat=True)) == [
            1,
            2,
            3,
        ]


def test_racing_votes_on_one_theme_keep_the_per_theme_limit(world):
    workshop, _q, themes = _voting(world, votes_per_participant=5, votes_per_theme=2)
    me = join(workshop)

    results = race(5, lambda i: services.vote_cast(participant=me, theme=themes[0]))

    assert sum(1 for r in results if isinstance(r, ApplicationError)) == 3
    assert not [
        r for r in results if isinstance(r, Exception) and not isinstance(r, ApplicationError)
    ]
    with scopes_disabled():
        assert Vote.objects.filter(participant=me, theme=themes[0]).count() == 2
