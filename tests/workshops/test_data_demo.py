"""Part W4 (data): the workshops demo follows seed 002 (four closed workshops of November
2018, each question's themes ranked by votes exactly as the seed lists them, the ideas
beneath) and holds one open workshop in the ideas phase with a join code the demo prints;
it loads twice without duplicates. The benchmark generator writes consistent workshops at a
small scale."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Max

from tutori.core.scoping import scopes_disabled
from tutori.workshops import demo, generate
from tutori.workshops.models import (
    CODE_ALPHABET,
    Idea,
    Phase,
    Theme,
    Vote,
    Workshop,
    WorkshopParticipant,
    WorkshopQuestion,
)
from tutori.workshops.selectors import results

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    with scopes_disabled():
        return tuple(
            m.objects.count()
            for m in (Workshop, WorkshopQuestion, WorkshopParticipant, Theme, Idea, Vote)
        )


@pytest.fixture
def loaded(capsys):
    call_command("demo_data")
    return capsys.readouterr().out


def test_demo_loads_twice_without_duplicates_and_prints_the_join_code(loaded, capsys):
    with scopes_disabled():
        code = Workshop.objects.get(title=demo.OPEN_TITLE).join_code
    assert code and len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    assert "Demo workshops: 5 added (32 themes," in loaded
    assert f"join code {code} (/workshops/join/{code}/)" in loaded
    before = _counts()
    call_command("demo_data")
    again = capsys.readouterr().out
    assert _counts() == before
    assert "Demo workshops: 0 added" in again
    assert f"join code {code}" in again


def test_the_four_closed_workshops_reproduce_seed_002s_ranking(loaded):
    with scopes_disabled():
        closed = list(
            Workshop.objects.filter(status=Workshop.Status.CLOSED, organisation__name="Kempele")
            .order_by("held_on")
            .select_related("created_by")
        )
        assert [w.held_on for w in closed] == [s[1] for s in demo.SEED_002]
        assert all(dt.date(2018, 11, 1) <= w.held_on <= dt.date(2018, 11, 30) for w in closed)
        for workshop, (text, _day, themes, counts) in zip(closed, demo.SEED_002, strict=True):
            assert workshop.anonymous and workshop.closed_at and workshop.join_code
            assert workshop.created_by.email == "coordinator@demo.tutori.fi"
            question = WorkshopQuestion.objects.get(workshop=workshop)
            assert (question.text, question.phase) == (text, Phase.RESULTS)
            (result,) = results(workshop)
            # The seed's order, by strictly decreasing votes (no tie decides it), ranked 1…n.
            assert [t.name for t in result.themes] == [name for name, _ideas in themes]
            assert [t.votes for t in result.themes] == counts
            assert [t.rank for t in result.themes] == list(range(1, len(counts) + 1))
            assert all(a > b for a, b in itertools.pairwise(counts))
            for row, (_name, bullets) in zip(result.themes, themes, strict=True):
                assert [i.text for i in row.ideas] == (bullets or [row.name])
                assert all(i.author is None for i in row.ideas)
            assert result.ungrouped == []
            assert not Idea.objects.filter(question=question, theme=None).exists()


def test_the_votes_keep_the_workshops_limits(loaded):
    with scopes_disabled():
        assert WorkshopParticipant.objects.filter(workshop__status="closed").count() == 4 * 12
        for workshop in Workshop.objects.filter(status=Workshop.Status.CLOSED):
            per_person = Counter(
                Vote.objects.filter(question__workshop=workshop).values_list(
                    "participant", flat=True
                )
            )
            assert max(per_person.values()) <= workshop.votes_per_participant
            per_theme = Vote.objects.filter(question__workshop=workshop).values(
                "participant", "theme"
            )
            assert per_theme.annotate(n=Count("pk")).aggregate(m=Max("n"))["m"] == 1
            slots = Vote.objects.filter(question__workshop=workshop).aggregate(m=Max("slot"))
            assert slots["m"] <= workshop.votes_per_participant
        # The seed's text as typed, Finnish letters included.
        assert Theme.objects.filter(
            name="Kalenteri jakoo, yhteinen ja yksityinen (varauskalenteri Pedanetissä)"
        ).exists()


def test_the_open_workshop_waits_for_ideas(loaded):
    with scopes_disabled():
        workshop = Workshop.objects.get(title=demo.OPEN_TITLE)
        assert workshop.status == Workshop.Status.OPEN and workshop.opened_at
        assert workshop.created_by.email == "coordinator@demo.tutori.fi"
        questions = WorkshopQuestion.objects.filter(workshop=workshop)
        assert list(questions.values_list("text", "phase")) == [
            (text, Phase.IDEAS) for text in demo.OPEN_QUESTIONS
        ]
        assert not Idea.objects.filter(question__workshop=workshop).exists()
        assert re.fullmatch(r"[A-Z2-9]{6}", workshop.join_code or "")


def test_ballots_give_each_theme_its_count_from_different_people():
    given = demo.ballots([10, 8, 7, 6, 5, 4, 2, 1], 12)
    assert Counter(t for mine in given for t in mine) == dict(enumerate([10, 8, 7, 6, 5, 4, 2, 1]))
    assert all(len(mine) == len(set(mine)) for mine in given)
    assert max(map(len, given)) - min(map(len, given)) <= 1
    with pytest.raises(ValueError):
        demo.ballots([13], 12)


def test_generator_writes_workshops_at_a_small_scale(capsys):
    call_command("generate", "--scale", "small", "--seed", "3")
    with scopes_disabled():
        workshops = Workshop.objects.filter(title__startswith="Tutoropettajatoiminnan työpaja")
        assert workshops.count() == 100 // generate.PEOPLE_PER_WORKSHOP
        first = workshops.get(title=generate.TITLE.format(n=1))
        assert first.status == Workshop.Status.CLOSED
        assert first.created_by.email == "coordinator@bench.tutori.fi"
        assert set(first.questions.values_list("phase", flat=True)) == {Phase.RESULTS}
        live = workshops.get(title=generate.TITLE.format(n=2))
        assert live.status == Workshop.Status.OPEN
        assert list(live.questions.order_by("position").values_list("phase", flat=True)) == [
            Phase.IDEAS,
            Phase.GROUPING,
            Phase.VOTING,
        ]
        assert live.participants.filter(user__email="member@bench.tutori.fi").exists()
        assert Idea.objects.filter(question__workshop__in=workshops).count() >= 3 * 2 * 20
        # Ideas of the ideas phase are not grouped; votes only where voting began.
        assert not Idea.objects.filter(question__phase=Phase.IDEAS, theme__isnull=False).exists()
        assert not Vote.objects.filter(question__phase__in=[Phase.IDEAS, Phase.GROUPING]).exists()
        # Every vote within the limits, its theme the question's own.
        assert not Vote.objects.filter(slot__gt=generate.VOTES).exists()
        assert not Vote.objects.exclude(theme__question=F("question")).exists()
        codes = list(workshops.exclude(join_code=None).values_list("join_code", flat=True))
        assert len(codes) == len(set(codes))
        assert (
            WorkshopParticipant.objects.filter(workshop__in=workshops, user__isnull=False)
            .values("workshop", "user")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count()
            == 0
        )


def test_the_demo_coordinator_reads_the_results_and_finds_the_open_workshop(loaded, client):
    from django.urls import reverse

    from tutori.accounts.models import User

    client.force_login(User.objects.get(email="coordinator@demo.tutori.fi"))
    with scopes_disabled():
        first = Workshop.objects.get(title=demo.TITLE.format(n=1))
    page = client.get(reverse("workshops:results", args=[first.pk])).content.decode()
    names = [name for name, _ideas in demo.SEED_002[0][2]]
    assert [page.index(name) for name in names] == sorted(page.index(name) for name in names)
    listing = client.get(reverse("workshops:list")).content.decode()
    assert demo.OPEN_TITLE in listing
    archive = client.get(reverse("workshops:archive")).content.decode()
    assert all(demo.TITLE.format(n=n) in archive for n in range(1, 5))
