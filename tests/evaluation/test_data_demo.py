"""Part D (data): the evaluation demo follows seeds 004 and 003 (WIRE 3's 16 pre and 12 post
self-assessments with more "hyvin"/"erinomaisesti" at the end, a feedback survey whose grades
average 8; Parik's six pairs whose capability and self-esteem grew) and loads twice without
duplicates; the benchmark generator writes consistent evaluations at a small scale."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Avg

from tutori.core.scoping import scopes_disabled
from tutori.evaluation import demo, generate
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.programmes import demo as programmes_demo
from tutori.programmes.models import Participant
from tutori.surveys.models import Answer, Question, Response
from tutori.tutoring.models import TutoringSession
from tutori.tutoring.selectors.report import current_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(capsys):
    call_command("demo_data")
    return capsys.readouterr().out


def _counts() -> tuple[int, ...]:
    with scopes_disabled():
        return (
            TutoringSession.objects.count(),
            TutoringSession.participants.through.objects.count(),
            ProgrammeEvaluation.objects.count(),
            Response.objects.count(),
            Answer.objects.count(),
        )


def test_demo_loads_twice_without_duplicates(loaded, capsys):
    assert "Demo evaluation: 2 programme evaluations" in loaded
    assert "jaana.jarvinen@demo.tutori.fi" in loaded
    before = _counts()
    call_command("demo_data")
    assert _counts() == before
    assert "Demo evaluation: 0 programme evaluations" in capsys.readouterr().out


def _numbers(survey) -> Counter[int]:
    return Counter(
        Answer.objects.filter(
            response__survey=survey, question__kind=Question.Kind.LIKERT
        ).values_list("number", flat=True)
    )


def test_wire_3_has_seed_004s_numbers(loaded):
    with scopes_disabled():
        evaluation = ProgrammeEvaluation.objects.select_related(
            "pre_survey", "post_survey", "feedback_survey"
        ).get(programme__name=programmes_demo.WIRE_NAME)
        pre, post, feedback = (
            evaluation.pre_survey,
            evaluation.post_survey,
            evaluation.feedback_survey,
        )
        assert pre.instrument_id == post.instrument_id
        assert not pre.anonymous and not post.anonymous
        assert pre.responses.filter(submitted=True).count() == 16
        assert post.responses.filter(submitted=True).count() == 12
        # The twelve who completed answered at the end; those who left did not.
        completed = set(
            Participant.objects.filter(
                programme=evaluation.programme, status=Participant.Status.COMPLETED
            ).values_list("person_id", flat=True)
        )
        assert set(post.responses.values_list("person_id", flat=True)) == completed
        assert len(completed) == 12
        # Kuvio 17: more "hyvin" and "erinomaisesti" after, fewer "heikosti"/"kohtalaisesti".
        before, after = _numbers(pre), _numbers(post)
        share = lambda c, values: sum(c[v] for v in values) / sum(c.values())  # noqa: E731
        assert share(after, (4, 5)) > share(before, (4, 5)) + 0.3
        assert share(after, (1, 2)) < share(before, (1, 2))
        # The feedback: twelve grades, mean exactly 8, the seed's reasons, no names.
        grades = Answer.objects.filter(response__survey=feedback, question__key="cf_grade")
        assert grades.count() == 12
        assert Decimal(str(grades.aggregate(mean=Avg("number"))["mean"])) == Decimal("8")
        reasons = set(
            Answer.objects.filter(response__survey=feedback, question__key="cf_reason").values_list(
                "text", flat=True
            )
        )
        assert "Paljon tuttua mutta paljon uuttakin tietoa." in reasons
        assert not feedback.responses.filter(person__isnull=False).exists()


def test_parik_has_six_pairs_that_grew(loaded):
    with scopes_disabled():
        evaluation = ProgrammeEvaluation.objects.select_related("pre_survey", "post_survey").get(
            programme__name=programmes_demo.PARIK_NAME
        )
        pre, post = evaluation.pre_survey, evaluation.post_survey
        assert pre.instrument.title == demo.PARIK_INSTRUMENT
        assert pre.instrument_id == post.instrument_id
        people = set(pre.responses.values_list("person_id", flat=True))
        assert len(people) == 6
        assert set(post.responses.values_list("person_id", flat=True)) == people
        for section in ("Kyvykkyyden tunne", "Itsetunto"):
            means = [
                Answer.objects.filter(
                    response__survey=survey, question__section__title=section
                ).aggregate(mean=Avg("number"))["mean"]
                for survey in (pre, post)
            ]
            assert means[1] > means[0] + 0.5, section


def test_four_terms_of_tutoring_reach_teachers(loaded):
    start, end = current_term()
    with scopes_disabled():
        sessions = TutoringSession.objects.filter(organisation__parent__name="Kempele")
        assert sessions.filter(date__range=(start, end)).count() >= 30
        assert sessions.filter(date__lt=start).count() == 90
        assert sessions.filter(date__lt=start).dates("date", "month").count() >= 12
        reached = (
            TutoringSession.participants.through.objects.filter(tutoringsession__in=sessions)
            .values("user_id")
            .distinct()
            .count()
        )
        assert reached >= 5
        assert sessions.filter(during_lessons=True, date__lt=start).exists()


def test_generator_writes_evaluations_at_a_small_scale(capsys):
    call_command("generate", "--scale", "small", "--seed", "3")
    with scopes_disabled():
        national = ProgrammeEvaluation.objects.select_related("programme").get(
            programme__name=generate.NATIONAL_NAME
        )
        programme = national.programme
        participants = Participant.objects.filter(programme=programme)
        statements = national.pre_survey.questions.filter(kind=Question.Kind.LIKERT).count()
        assert participants.count() == generate.national_participants({"people": 100}, statements)
        # At national scale the pre/post answers of this one training are about 100 000.
        national_scale = generate.national_participants({"people": 60_000}, statements)
        assert 90_000 < national_scale * statements * 1.75 < 110_000
        assert national.pre_survey.responses.count() == participants.count()
        assert (
            national.post_survey.responses.count()
            == participants.filter(status=Participant.Status.COMPLETED).count()
        )
        # Pre and post pair by person and key.
        keys = set(national.pre_survey.questions.values_list("key", flat=True))
        assert keys == set(national.post_survey.questions.values_list("key", flat=True))
        assert national.pre_survey.instrument_id == national.post_survey.instrument_id
        assert (
            national.feedback_survey.responses.count()
            == participants.filter(status=Participant.Status.COMPLETED).count()
        )
        # Every municipality's finished training is evaluated too.
        assert ProgrammeEvaluation.objects.count() == 2


def test_the_wire_coordinator_reads_the_funder_report(loaded, client):
    from django.urls import reverse

    from tutori.accounts.models import User
    from tutori.programmes.models import Programme

    client.force_login(User.objects.get(email="jaana.jarvinen@demo.tutori.fi"))
    with scopes_disabled():
        programme = Programme.objects.get(name=programmes_demo.WIRE_NAME)
    response = client.get(reverse("evaluation:funder"), {"programme": programme.pk})
    assert response.status_code == 200
    document = response.context["document"]
    assert document.title == f"Rahoittajaraportti: {programmes_demo.WIRE_NAME}"
    assert ("Osallistujia", "16") in document.facts
    html = response.content.decode()
    assert "Loistava porukka!" in html  # the seed's own words, in the feedback section
