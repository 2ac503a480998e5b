"""The surveys demo (a closed needs survey with a few hundred answers and its school plans,
seed 004's instrument ready, an open survey for the demo teacher) loads twice without
duplicates; the benchmark generator writes its needs survey at a small scale."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.surveys import demo, generate
from tutori.surveys.models import Answer, Question, Recipient, Response, Survey

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    with scopes_disabled():
        return (
            Survey.objects.count(),
            Response.objects.count(),
            Recipient.objects.count(),
            Answer.objects.count(),
            Question.objects.count(),
        )


def test_demo_loads_twice_without_duplicates_and_every_school_has_a_plan(client, capsys):
    call_command("demo_data")
    first = _counts()
    call_command("demo_data")
    assert _counts() == first
    with scopes_disabled():
        needs = Survey.objects.get(title=demo.NEEDS_TITLE)
        assert needs.status == Survey.Status.CLOSED
        assert 200 <= Response.objects.filter(survey=needs, submitted=True).count() <= 500
        assert Answer.objects.filter(response__survey=needs).exclude(text="").exists()
        # The need questions name the municipality's topics: they count in the plans.
        assert not Question.objects.filter(
            survey=needs, measures_need=True, topic_id__isnull=True
        ).exists()
        assert Survey.objects.filter(title=demo.PRE_TITLE, instrument__isnull=False).exists()
    coordinator = User.objects.get(email="coordinator@demo.tutori.fi")
    client.force_login(coordinator)
    schools = client.get(reverse("surveys:plans", args=[needs.pk]))
    assert schools.status_code == 200
    rows = schools.context["schools"]
    assert len(rows) == 5 and all(not row.suppressed for row in rows)
    page = client.get(reverse("surveys:plan", args=[needs.pk, rows[0].school.pk]))
    assert page.status_code == 200
    plan = page.context["plan"]
    assert plan.needs and [g.label for g in plan.gaps] == ["Kielitietoinen opetus"]


def test_the_demo_teacher_has_an_open_survey_to_answer(capsys):
    call_command("demo_data")
    member = User.objects.get(email="member@demo.tutori.fi")
    waiting = Survey.objects.visible_to(member, "surveys.answer")
    assert [s.title for s in waiting] == [demo.FEEDBACK_TITLE]


def test_generator_writes_the_needs_survey_at_a_small_scale(capsys):
    call_command("generate", "--scale", "small")
    with scopes_disabled():
        survey = Survey.objects.get(title=generate.TITLE)
        expected = generate.response_count({"people": 100})
        assert Response.objects.filter(survey=survey, submitted=True).count() == expected
        assert Recipient.objects.filter(survey=survey).count() == expected + expected // 10
        assert Answer.objects.filter(response__survey=survey, question__key="tn_topics").exists()
    assert generate.response_count({"people": 60_000}) == 100_000
