"""Grouping: themes made of ideas, renamed, deleted (their ideas ungrouped), merged (ideas
and votes move; a vote over the per-theme limit is dropped), ideas moved by position; only
in the grouping phase and only by a facilitator."""

from __future__ import annotations

import pytest

from tests.workshops.workshop_setup import join, make_workshop, phase, questions, themed
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Idea, Phase, Theme, Vote
from tutori.workshops.selectors import ideas_of, themes_of
from tutori.workshops.services import grouping as services
from tutori.workshops.services import participation

pytestmark = pytest.mark.django_db


def _texts(theme):
    with scopes_disabled():
        return list(
            Idea.objects.filter(theme=theme).order_by("position").values_list("text", flat=True)
        )


def _question_with_ideas(world, texts):
    workshop = make_workshop(world)
    q = questions(workshop)[0]
    me = join(workshop)
    ideas = [participation.idea_post(participant=me, question=q, text=t) for t in texts]
    return q, ideas


def test_grouping_needs_the_grouping_phase(world):
    q, ideas = _question_with_ideas(world, ["a"])
    with pytest.raises(ApplicationError, match="ryhmittelyvaiheessa"):
        services.theme_create(by=world.coordinator, question=q, name="T")
    phase(world, q, Phase.GROUPING)
    theme = services.theme_create(
        by=world.coordinator, question=q, name=" Vertaistuki ", idea_ids=[ideas[0].pk]
    )
    assert theme.name == "Vertaistuki"
    assert _texts(theme) == ["a"]


def test_only_a_facilitator_groups(world):
    q, _ideas = _question_with_ideas(world, ["a"])
    phase(world, q, Phase.GROUPING)
    for user in (world.member, world.manager, world.outsider):
        with pytest.raises(PermissionDeniedError):
            services.theme_create(by=user, question=q, name="T")


def test_ideas_of_another_question_are_refused(world):
    workshop = make_workshop(world)
    q1, q2 = questions(workshop)
    me = join(workshop)
    other = participation.idea_post(participant=me, question=q2, text="toinen")
    phase(world, q1, Phase.GROUPING)
    with pytest.raises(ApplicationError):
        services.theme_create(by=world.coordinator, question=q1, name="T", idea_ids=[other.pk])


def test_an_idea_moves_to_a_place_in_a_theme_and_back_to_ungrouped(world):
    q, ideas = _question_with_ideas(world, ["a", "b", "c"])
    phase(world, q, Phase.GROUPING)
    theme = services.theme_create(
        by=world.coordinator, question=q, name="T", idea_ids=[ideas[0].pk, ideas[1].pk]
    )
    services.idea_move(by=world.coordinator, idea=ideas[2], theme=theme, position=0)
    assert _texts(theme) == ["c", "a", "b"]
    services.idea_move(by=world.coordinator, idea=ideas[0], theme=theme, position=99)
    assert _texts(theme) == ["c", "b", "a"]
    services.idea_move(by=world.coordinator, idea=ideas[1], theme=None)
    assert _texts(theme) == ["c", "a"]
    assert [i.text for i in ideas_of(q, viewer=None, theme=None)] == ["b"]


def test_renaming_and_deleting_a_theme_loses_no_idea(world):
    q, ideas = _question_with_ideas(world, ["a", "b"])
    phase(world, q, Phase.GROUPING)
    theme = services.theme_create(
        by=world.coordinator, question=q, name="T", idea_ids=[i.pk for i in ideas]
    )
    services.theme_rename(by=world.coordinator, theme=theme, name="Uusi nimi")
    assert [t.name for t in themes_of(q)] == ["Uusi nimi"]
    with pytest.raises(ApplicationError):
        services.theme_rename(by=world.coordinator, theme=theme, name=" ")
    services.theme_delete(by=world.coordinator, theme=theme)
    assert themes_of(q) == []
    assert [i.text for i in ideas_of(q, viewer=None, theme=None)] == ["a", "b"]


def test_merging_moves_the_ideas_after_the_kept_themes_own(world):
    workshop = make_workshop(world)
    q = questions(workshop)[0]
    t = themed(world, q, {"A": ["a1", "a2"], "B": ["b1"], "C": ["c1"]})
    services.themes_merge(by=world.coordinator, into=t["A"], merged=[t["B"], t["C"]])
    assert _texts(t["A"]) == ["a1", "a2", "b1", "c1"]
    assert [r.name for r in themes_of(q)] == ["A"]
    with pytest.raises(ApplicationError, match="kaksi"):
        services.themes_merge(by=world.coordinator, into=t["A"], merged=[t["A"]])


def test_merging_across_questions_is_refused(world):
    workshop = make_workshop(world)
    q1, q2 = questions(workshop)
    t1 = themed(world, q1, {"A": ["a"]})
    t2 = themed(world, q2, {"B": ["b"]})
    with pytest.raises(ApplicationError):
        services.themes_merge(by=world.coordinator, into=t1["A"], merged=[t2["B"]])


def test_merging_moves_votes_and_drops_those_over_the_per_theme_limit(world):
    """Votes exist during grouping only if they were given before (written here directly:
    the phases do not go back from voting); the merge keeps each participant within the
    workshop's votes per theme."""
    workshop = make_workshop(world, votes_per_participant=3, votes_per_theme=1)
    q = questions(workshop)[0]
    t = themed(world, q, {"A": ["a"], "B": ["b"]})
    both, one = join(workshop, "Molemmat"), join(workshop, "Yksi")
    Vote.objects.bulk_create(
        [
            Vote(participant=both, question=q, theme=t["A"], slot=1, theme_slot=1),
            Vote(participant=both, question=q, theme=t["B"], slot=2, theme_slot=1),
            Vote(participant=one, question=q, theme=t["B"], slot=1, theme_slot=1),
        ]
    )
    services.themes_merge(by=world.coordinator, into=t["A"], merged=[t["B"]])
    with scopes_disabled():
        assert Vote.objects.filter(theme=t["A"]).count() == 2
        assert Vote.objects.filter(participant=both).count() == 1
        assert not Theme.objects.filter(pk=t["B"].pk).exists()


def test_moving_an_idea_into_a_theme_deleted_in_another_tab_is_refused(world):
    q, ideas = _question_with_ideas(world, ["a", "b"])
    phase(world, q, Phase.GROUPING)
    theme = services.theme_create(by=world.coordinator, question=q, name="T")
    services.theme_delete(by=world.coordinator, theme=theme)
    with pytest.raises(ApplicationError, match="Teemaa ei enää ole"):
        services.idea_move(by=world.coordinator, idea=ideas[0], theme=theme)
    with scopes_disabled():
        assert Idea.objects.get(pk=ideas[0].pk).theme_id is None
