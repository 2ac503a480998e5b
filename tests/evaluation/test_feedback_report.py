"""The feedback report (part B): seed 004's grades (mean 8), the distribution with cells
under five hidden, free-text answers only with five responses or more."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from tests.evaluation.factories import ProgrammeEvaluationFactory, installed, seed004
from tests.factories import MembershipFactory, UserFactory
from tests.surveys.factories import respond
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.document import Chart, Figures, Section, Table, Text
from tutori.evaluation.selectors.feedback import feedback, feedback_document, feedback_sections
from tutori.surveys import instruments
from tutori.surveys.instruments import survey_from_instrument
from tutori.surveys.models import Question, Survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _finnish() -> Iterator[None]:
    with translation.override("fi"):
        yield


def _blocks(sections: list[Section]) -> list[object]:
    return [block for section in sections for block in section.blocks]


def _feedback_survey(evaluation: object, grades: list[int], texts: list[str]) -> Survey:
    """A course feedback survey of ``evaluation``'s programme answered with ``grades`` (and
    ``texts`` as the reasons, one per grade where given)."""
    programme = evaluation.programme  # type: ignore[attr-defined]
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, organisation=programme.organisation, coordinator=True)
    survey = survey_from_instrument(
        installed(instruments.COURSE_FEEDBACK),
        organisation=programme.organisation,
        title="Palaute",
        by=coordinator,
        status=Survey.Status.CLOSED,
    )
    with scopes_disabled():
        grade = Question.objects.get(survey=survey, key="cf_grade")
        reason = Question.objects.get(survey=survey, key="cf_reason")
        evaluation.feedback_survey = survey  # type: ignore[attr-defined]
        evaluation.save()  # type: ignore[attr-defined]
    for i, value in enumerate(grades):
        answers: dict[Question, object] = {grade: value}
        if i < len(texts):
            answers[reason] = texts[i]
        respond(survey, answers, submitted_on=dt.date(2026, 5, 22))
    return survey


def test_seed004_mean_eight_median_eight_and_every_reason() -> None:
    data = seed004()
    result = feedback(programme=data.programme)
    assert result.n == 12
    [grade] = result.scales
    assert grade.n == 12
    assert grade.mean == Decimal("8.0")
    assert grade.median == Decimal(8)
    assert [count for _label, count in grade.points] == [0, 0, 0, 2, 8, 2, 0]
    reasons = next(t for t in result.texts if t.question.key == "cf_reason")
    assert reasons.n == 12 and reasons.distinct == 12
    assert sorted(a.text for a in reasons.answers) == sorted(f"Perustelu {i}" for i in range(1, 13))


def test_seed004_distribution_hides_every_small_cell() -> None:
    data = seed004()
    blocks = _blocks(feedback_sections(programme=data.programme))
    figures = [b for b in blocks if isinstance(b, Figures)]
    assert (("Keskiarvo", Decimal("8.0"))) in figures[1].items
    table = next(
        (b.table if isinstance(b, Chart) else b)
        for b in blocks
        if isinstance(b, Chart | Table) and "jakauma" in (b.title)
    )
    # 7 and 9 are two each; 8 is eight: shown, as two cells under five are hidden beside it.
    assert [row[1] for row in table.rows] == ["< 5", "< 5", "< 5", "< 5", 8, "< 5", "< 5"]
    assert table.total == ["Yhteensä", 12]
    assert table.note == "< 5: alle viisi vastaajaa."  # nothing hidden: no word of "–"


def test_one_small_cell_hides_another_so_the_total_does_not_give_it() -> None:
    """Grades 4–7 five times each, 8 ×6, 9 ×5, 10 ×2: 10 alone would be the total minus
    the rest, so the smallest other (4) is hidden too."""
    evaluation = ProgrammeEvaluationFactory()
    _feedback_survey(evaluation, [4, 5, 6, 7] * 5 + [8] * 6 + [9] * 5 + [10] * 2, [])
    blocks = _blocks(feedback_sections(programme=evaluation.programme))
    chart = next(b for b in blocks if isinstance(b, Chart))
    cells = [row[1] for row in chart.table.rows]
    assert cells == ["–", 5, 5, 5, 6, 5, "< 5"]
    assert chart.table.total == ["Yhteensä", 33]
    assert "–" in chart.alt and "< 5" in chart.alt
    assert "–: luku on piilotettu" in chart.table.note


def test_fewer_than_five_responses_shows_only_their_count() -> None:
    evaluation = ProgrammeEvaluationFactory()
    _feedback_survey(evaluation, [9, 9, 8, 10], ["Hyvä", "Hyvä", "Kiva", "Paras"])
    sections = feedback_sections(programme=evaluation.programme)
    blocks = _blocks(sections)
    assert not any(isinstance(b, Chart | Table) for b in blocks)
    assert any(isinstance(b, Text) and "Liian vähän vastauksia" in b.text for b in blocks)
    assert "Hyvä" not in str(blocks)


def test_identical_words_once_with_their_count_most_given_first() -> None:
    evaluation = ProgrammeEvaluationFactory()
    _feedback_survey(evaluation, [8] * 6, ["Hyvä", "Ööh", "Hyvä", "Asiallinen", ""])
    result = feedback(programme=evaluation.programme)
    reasons = next(t for t in result.texts if t.question.key == "cf_reason")
    assert [(a.text, a.count) for a in reasons.answers] == [
        ("Hyvä", 2),
        ("Asiallinen", 1),
        ("Ööh", 1),
    ]
    assert reasons.n == 4


def test_no_feedback_survey_says_so() -> None:
    evaluation = ProgrammeEvaluationFactory()
    blocks = _blocks(feedback_sections(programme=evaluation.programme))
    assert [b.text for b in blocks if isinstance(b, Text)] == [
        "Koulutukseen ei ole liitetty palautekyselyä."
    ]


def test_document_texts_are_tables_for_the_downloads_and_left_out_for_the_page() -> None:
    data = seed004()
    full = feedback_document(programme=data.programme)
    page = feedback_document(programme=data.programme, texts=False)
    titles = [t.title for t in full.tables()]
    assert "Perustele arvosanasi." in titles
    assert "Perustele arvosanasi." not in [t.title for t in page.tables()]
    assert full.title == "Palaute: Työvalmentajakoulutus (WIRE 3)"


def test_a_likert_statement_of_a_feedback_survey_shows_its_labelled_points() -> None:
    data = seed004()
    with scopes_disabled():
        data.evaluation.feedback_survey = data.pre  # 16 answers to Likert statements
        data.evaluation.save()
    result = feedback(programme=data.programme)
    assert result.n == 16 and result.scales and not result.texts
    first = result.scales[0]
    assert first.n == 16
    assert first.points[0][0].startswith("1 ")
    key = first.question.key
    assert sum(count for _label, count in first.points) == 16
    expected = sorted(answers[key] for answers in data.pre_answers.values())
    assert first.median == (Decimal(expected[7]) + Decimal(expected[8])) / 2
