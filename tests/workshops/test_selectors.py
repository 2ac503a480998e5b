"""Reading a workshop: ranked results with ties in a stable, documented order; ungrouped
ideas after the themes; nobody named when the workshop is anonymous; who one is."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from tests.workshops.workshop_setup import join, make_workshop, phase, questions, themed
from tutori.workshops import selectors
from tutori.workshops.models import Phase
from tutori.workshops.services import participation

pytestmark = pytest.mark.django_db


def _vote(workshop, themes, counts):
    """Participants (one per vote slot needed) giving ``counts[name]`` votes to each theme."""
    most = max(counts.values(), default=0)
    voters = [join(workshop, f"Äänestäjä {i}") for i in range(most)]
    for name, n in counts.items():
        for voter in voters[:n]:
            participation.vote_cast(participant=voter, theme=themes[name])


def test_results_rank_by_votes_then_ideas_then_position(world):
    workshop = make_workshop(world, votes_per_participant=5)
    q = questions(workshop)[0]
    t = themed(
        world,
        q,
        {
            "Eka": ["e1"],  # 1 vote, 1 idea, position 1
            "Toka": ["t1", "t2"],  # 1 vote, 2 ideas: before Eka
            "Kolmas": ["k1"],  # 3 votes: first
            "Neljäs": ["n1"],  # 1 vote, 1 idea, position 4: after Eka
            "Viides": [],  # no votes: last
        },
    )
    phase(world, q, Phase.VOTING)
    _vote(workshop, t, {"Eka": 1, "Toka": 1, "Kolmas": 3, "Neljäs": 1})
    phase(world, q, Phase.RESULTS)

    result = selectors.results(workshop)[0]
    assert [(r.name, r.votes, r.rank) for r in result.themes] == [
        ("Kolmas", 3, 1),
        ("Toka", 1, 2),
        ("Eka", 1, 3),
        ("Neljäs", 1, 3),
        ("Viides", 0, 5),
    ]
    assert [i.text for i in result.themes[1].ideas] == ["t1", "t2"]


def test_ungrouped_ideas_come_after_the_themes(world):
    workshop = make_workshop(world)
    q = questions(workshop)[0]
    me = join(workshop)
    participation.idea_post(participant=me, question=q, text="irrallinen")
    themed(world, q, {"T": ["ryhmässä"]}, author=me)
    result = selectors.results(workshop)[0]
    assert [t.name for t in result.themes] == ["T"]
    assert [i.text for i in result.ungrouped] == ["irrallinen"]


def test_results_take_the_same_queries_for_one_question_or_many(
    world, django_assert_max_num_queries
):
    workshop = make_workshop(world, questions=[f"K{i}?" for i in range(6)])
    for q in questions(workshop):
        themed(world, q, {"A": ["a", "b"], "B": ["c"]})
    with django_assert_max_num_queries(4):
        assert len(selectors.results(workshop)) == 6


def test_an_anonymous_workshop_names_nobody_in_any_read(world):
    workshop = make_workshop(world)  # anonymous by default
    q = questions(workshop)[0]
    me = join(workshop, "Salainen Sanna")
    themed(world, q, {"T": ["idea"]}, author=me)
    rows = [
        *selectors.ideas_of(q, viewer=me),
        *selectors.themes_of(q, viewer=me)[0].ideas,
        *selectors.results(workshop, named=True)[0].themes[0].ideas,
    ]
    assert rows and all(r.author is None for r in rows)
    assert "Salainen Sanna" not in repr(selectors.results(workshop, named=True))
    joined = selectors.participants_of(workshop)
    assert (joined.count, joined.names) == (1, [])


def test_a_named_workshop_shows_authors_where_asked(world):
    workshop = make_workshop(world, anonymous=False)
    q = questions(workshop)[0]
    me = join(workshop, "Nimetty Niina")
    themed(world, q, {"T": ["idea"]}, author=me)
    assert [r.author for r in selectors.ideas_of(q, viewer=None)] == ["Nimetty Niina"]
    assert selectors.results(workshop)[0].themes[0].ideas[0].author is None
    assert selectors.results(workshop, named=True)[0].themes[0].ideas[0].author == "Nimetty Niina"
    assert selectors.participants_of(workshop).names == ["Nimetty Niina"]


def test_my_ideas_my_votes_and_votes_left(world):
    workshop = make_workshop(world, votes_per_participant=3, votes_per_theme=2)
    q = questions(workshop)[0]
    me, other = join(workshop, "Minä"), join(workshop, "Muu")
    participation.idea_post(participant=other, question=q, text="muun")
    t = themed(world, q, {"A": ["minun"]}, author=me)
    assert [(i.text, i.mine) for i in selectors.ideas_of(q, viewer=me)] == [
        ("muun", False),
        ("minun", True),
    ]
    phase(world, q, Phase.VOTING)
    participation.vote_cast(participant=me, theme=t["A"])
    participation.vote_cast(participant=me, theme=t["A"])
    assert selectors.my_votes(me, q) == {t["A"].pk: 2}
    assert selectors.votes_left(me, q) == 1
    assert selectors.votes_left(other, q) == 3


def test_the_stamp_changes_with_every_idea_and_phase(world):
    workshop = make_workshop(world)
    q = questions(workshop)[0]
    before = selectors.question_stamp(q)
    participation.idea_post(participant=join(workshop), question=q, text="uusi")
    after = selectors.question_stamp(questions(workshop)[0])
    assert after != before
    phase(world, q, Phase.GROUPING)
    assert selectors.question_stamp(questions(workshop)[0]) not in (before, after)


def test_participant_of_finds_the_account_or_the_session_key(world):
    workshop, other = make_workshop(world), make_workshop(world)
    rf = RequestFactory()

    request = rf.get("/")
    request.user = world.member
    request.session = {}
    assert selectors.participant_of(request, workshop) is None
    mine = join(workshop, user=world.member)
    assert selectors.participant_of(request, workshop) == mine

    from django.contrib.auth.models import AnonymousUser

    guest, key = participation.participant_join(workshop=workshop, display_name="Vieras")
    request = rf.get("/")
    request.user = AnonymousUser()
    request.session = {}
    participation.participant_remember(request.session, workshop, key)
    assert selectors.participant_of(request, workshop) == guest
    # The key of one workshop lets nobody into another.
    assert selectors.participant_of(request, other) is None
    request.session = {participation.SESSION_KEYS: {str(workshop.pk): "väärä"}}
    assert selectors.participant_of(request, workshop) is None
