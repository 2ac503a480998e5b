"""A workshop's result: themes ranked by votes (ties: more ideas, then the facilitator's
order, then the older theme; equal votes and ideas share a rank number), their ideas
beneath, the ungrouped ideas after them; the question not yet in its results phase shows
only in the facilitator's live tally."""

from __future__ import annotations

from tests.workshops.results_setup import RANKED, UNGROUPED, puimala
from tutori.workshops.models import Theme
from tutori.workshops.results import ranked


def test_themes_are_ranked_by_votes_then_ideas(world):
    made = puimala(world)
    first, second = ranked(made.workshop, live=True)
    assert [t.name for t in first.themes] == RANKED
    assert [t.votes for t in first.themes] == [3, 2, 1, 1]
    assert [t.rank for t in first.themes] == [1, 2, 3, 4]
    assert first.themes[0].ideas == [
        "Mihin voin saada tutorilta apua?",
        "Alueet näkyviksi = +tiedote",
    ]
    assert first.ungrouped == [UNGROUPED]
    assert first.votes == 7
    assert second.shown and [t.name for t in second.themes] == ["Kunnan yhteinen tutoraika"]


def test_a_full_tie_goes_to_the_theme_placed_first_then_to_the_older(world):
    made = puimala(world)
    question = made.question
    older = Theme.objects.create(question=question, name="Vanhempi", position=7)
    newer = Theme.objects.create(question=question, name="Uudempi", position=7)
    placed = Theme.objects.create(question=question, name="Ensin sijoitettu", position=6)
    first = ranked(made.workshop, live=True)[0]
    assert [t.name for t in first.themes][-3:] == [placed.name, older.name, newer.name]
    # Equal in votes and ideas: one rank number, shared.
    assert [t.rank for t in first.themes] == [1, 2, 3, 4, 5, 5, 5]


def test_without_the_live_tally_a_question_before_its_results_shows_nothing(world):
    made = puimala(world)
    first, second = ranked(made.workshop, live=False)
    assert [t.name for t in first.themes] == RANKED
    assert not second.shown
    assert second.themes == [] and second.ungrouped == []


def test_the_result_reads_in_a_constant_number_of_queries(world, django_assert_max_num_queries):
    small = puimala(world)
    large = puimala(world, title="Puimala 2")
    for n in range(30):
        Theme.objects.create(question=large.question, name=f"Teema {n}", position=10 + n)
    for made in (small, large):
        with django_assert_max_num_queries(4):
            ranked(made.workshop, live=True)
