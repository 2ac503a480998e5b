"""The results of a survey as the selectors read them: distributions, means and medians,
suppression below five, who sees which answers, and the export's rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.surveys.factories import (
    QuestionFactory,
    RecipientFactory,
    SectionFactory,
    SurveyFactory,
    respond,
)
from tutori.orgs.models import Role
from tutori.surveys.models import Choice, Question
from tutori.surveys.selectors import results as selectors
from tutori.surveys.selectors.results import Filters, median_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(world):
    return SurveyFactory(organisation=world.oulu, open=True, title="Tarvekartoitus")


def _question(survey, **kwargs):
    return QuestionFactory(survey=survey, section=SectionFactory(survey=survey), **kwargs)


def _results(user, survey, **filters):
    return selectors.survey_results(user=user, survey=survey, filters=Filters(**filters))


def _result(results, question):
    return next(r for s in results.sections for r in s.questions if r.question == question)


def test_median_of_grouped_counts():
    assert median_of([(3, 1), (1, 1), (2, 1)]) == 2
    assert median_of([(1, 2), (4, 2)]) == Decimal("2.5")
    assert median_of([(5, 10), (1, 1)]) == 5
    assert median_of([]) is None


def test_likert_distribution_mean_and_median(world, survey):
    likert = _question(survey, likert=True)
    for point in (1, 2, 4, 4, 5, 5):
        respond(survey, {likert: point}, organisation=world.school_a)

    result = _result(_results(world.coordinator, survey), likert)

    assert result.n == 6
    assert [(b.label, b.count, b.share) for b in result.bars] == [
        ("1 heikosti", 1, 17),
        ("2 kohtalaisesti", 1, 17),
        ("3 jonkin verran", 0, 0),
        ("4 hyvin", 2, 33),
        ("5 erinomaisesti", 2, 33),
    ]
    assert result.mean == Decimal("3.50")
    assert result.median == 4


def test_scale_labels_are_in_the_readers_language(world, survey, settings):
    likert = _question(
        survey,
        likert=True,
        scale_labels=["ei", "kyllä"],
        translations={"sv": {"scale_labels": ["nej", "ja"]}},
    )
    for point in (1, 2, 2, 2, 1):
        respond(survey, {likert: point})
    from django.utils import translation

    with translation.override("sv"):
        result = _result(_results(world.coordinator, survey), likert)
    assert [b.label for b in result.bars] == ["1 nej", "2 ja"]


def test_grade_number_choices_and_topics(world, survey):
    grade = _question(survey, grade=True)
    number = _question(survey, number=True)
    single = _question(survey, single=True, choices=["kyllä", "ei"])
    multiple = _question(survey, multiple=True, choices=["a", "b", "c"])
    topics = _question(survey, topics=True)
    yes, no = Choice.objects.filter(question=single)
    a, b, _c = Choice.objects.filter(question=multiple)
    for i, g in enumerate((4, 7, 8, 9, 10)):
        respond(
            survey,
            {
                grade: g,
                number: i * 10,
                single: yes if i < 4 else no,
                multiple: [a, b] if i % 2 else [a],
                topics: [(1, "Tekoäly"), (2, "Arviointi")] if i < 3 else [(1, "Tekoäly")],
            },
        )

    results = _results(world.coordinator, survey)

    g = _result(results, grade)
    assert [(bar.label, bar.count) for bar in g.bars][:2] == [("4", 1), ("5", 0)]
    assert g.mean == Decimal("7.60") and g.median == 8
    n = _result(results, number)
    assert (n.n, n.mean, n.median, n.minimum, n.maximum) == (5, Decimal("20.00"), 20, 0, 40)
    s = _result(results, single)
    assert [(bar.label, bar.count, bar.share) for bar in s.bars] == [
        ("kyllä", 4, 80),
        ("ei", 1, 20),
    ]
    m = _result(results, multiple)
    assert m.n == 5
    assert [(bar.label, bar.count, bar.share) for bar in m.bars] == [
        ("a", 5, 100),
        ("b", 2, 40),
        ("c", 0, 0),
    ]
    t = _result(results, topics)
    assert [(bar.label, bar.count) for bar in t.bars] == [("Tekoäly", 5), ("Arviointi", 3)]


def test_free_text_answers_are_listed_without_names_and_capped(world):
    survey = SurveyFactory(organisation=world.oulu, identified=True, open=True)
    text = _question(survey)
    for i in range(selectors.TEXT_SHOWN + 2):
        respond(survey, {text: f"Vastaus {i:02}"}, person=world.member)

    result = _result(_results(world.coordinator, survey), text)

    assert result.n == selectors.TEXT_SHOWN + 2
    assert len(result.texts) == selectors.TEXT_SHOWN and result.more_texts
    assert result.texts[0] == selectors.TextAnswer("Vastaus 00", 1)
    shown_all = selectors.survey_results(
        user=world.coordinator, survey=survey, filters=Filters(), show_all_texts=text.pk
    )
    assert _result(shown_all, text).texts == []
    assert (
        selectors.text_answers(
            user=world.coordinator, survey=survey, filters=Filters(), question=text
        ).count()
        == selectors.TEXT_SHOWN + 2
    )


def test_four_responses_are_suppressed_five_are_shown(world, survey):
    likert = _question(survey, likert=True)
    for _i in range(4):
        respond(survey, {likert: 3})

    four = _results(world.coordinator, survey)
    assert four.n == 4 and four.suppressed and four.sections == []

    respond(survey, {likert: 3})
    five = _results(world.coordinator, survey)
    assert not five.suppressed and _result(five, likert).bars[2].count == 5


def test_a_question_with_fewer_than_five_answers_is_suppressed(world, survey):
    likert = _question(survey, likert=True)
    optional = _question(survey, likert=True)
    for i in range(6):
        respond(survey, {likert: 2, **({optional: 5} if i < 4 else {})})

    results = _results(world.coordinator, survey)

    assert not _result(results, likert).suppressed
    hidden = _result(results, optional)
    assert hidden.suppressed and hidden.bars == [] and hidden.mean is None


def test_a_filter_under_five_is_suppressed(world, survey):
    likert = _question(survey, likert=True)
    for _i in range(5):
        respond(survey, {likert: 1}, organisation=world.school_a, role=Role.MEMBER)
    for role in [Role.TUTOR] * 3 + [Role.MEMBER] * 5:
        respond(survey, {likert: 1}, organisation=world.school_b, role=role)
    options = {
        o.name: o for o in selectors.organisation_options(user=world.coordinator, survey=survey)
    }

    school_a = _results(world.coordinator, survey, organisation=options["Koulu A"])
    assert school_a.n == 5 and not school_a.suppressed
    assert not _results(world.coordinator, survey, organisation=options["Koulu B"]).suppressed
    tutors = _results(world.coordinator, survey, role=Role.TUTOR)
    assert tutors.n == 3 and tutors.suppressed and not tutors.reveals_the_rest


def test_a_filter_leaving_out_fewer_than_five_is_suppressed(world, survey):
    """Otherwise the whole minus the filter's results would show the few left out."""
    likert = _question(survey, likert=True)
    for role in [Role.MEMBER] * 10 + [Role.TUTOR] * 3:
        respond(survey, {likert: 2}, role=role)

    members = _results(world.coordinator, survey, role=Role.MEMBER)
    assert members.n == 10 and members.left_out == 3
    assert members.suppressed and members.reveals_the_rest and members.sections == []
    respond(survey, {likert: 2}, role=Role.COACH)
    respond(survey, {likert: 2}, role=Role.COACH)
    assert not _results(world.coordinator, survey, role=Role.MEMBER).suppressed


def test_only_submitted_responses_count(world, survey):
    likert = _question(survey, likert=True)
    for _i in range(5):
        respond(survey, {likert: 5})
    for _i in range(3):
        respond(survey, {likert: 1}, submitted=False)

    results = _results(world.coordinator, survey)

    assert results.n == 5
    assert _result(results, likert).bars[0].count == 0
    assert (
        selectors.results_export(
            user=world.coordinator, survey=survey, filters=Filters(), with_names=False
        ).rows
        == [["", "", 5]] * 5
    )


def test_manager_of_school_a_never_sees_school_b_answers(world, survey):
    text = _question(survey)
    for i in range(5):
        respond(survey, {text: f"A {i}"}, organisation=world.school_a)
    for i in range(7):
        respond(survey, {text: f"B {i}"}, organisation=world.school_b)

    mine = _results(world.manager, survey)
    assert mine.n == 5
    assert all(t.text.startswith("A ") for t in _result(mine, text).texts)
    assert [o.name for o in selectors.organisation_options(user=world.manager, survey=survey)] == [
        "Koulu A"
    ]
    export = selectors.results_export(
        user=world.manager, survey=survey, filters=Filters(), with_names=False
    )
    assert sorted(row[-1] for row in export.rows) == [f"A {i}" for i in range(5)]
    # The coordinator of Oulu sees both schools; Kemi's coordinator none.
    assert _results(world.coordinator, survey).n == 12
    assert _results(world.outsider, survey).n == 0


def test_response_rate_per_organisation_the_viewer_sees(world, survey):
    for i in range(3):
        RecipientFactory(survey=survey, organisation=world.school_a, answered=i < 2)
    for _i in range(4):
        RecipientFactory(survey=survey, organisation=world.school_b, answered=True)

    everyone = selectors.response_rate(user=world.coordinator, survey=survey)
    assert [(r.label, r.recipients, r.answered, r.rate) for r in everyone.rows] == [
        ("Koulu A", 3, 2, 67),
        ("Koulu B", 4, 4, 100),
    ]
    assert (everyone.recipients, everyone.answered, everyone.rate) == (7, 6, 86)
    school_a = selectors.response_rate(user=world.manager, survey=survey)
    assert [(r.label, r.recipients) for r in school_a.rows] == [("Koulu A", 3)]
    assert selectors.response_rate(user=world.outsider, survey=survey).rows == []


def test_anonymous_export_has_no_identifiers(world, survey):
    text = _question(survey)
    responses = [
        respond(survey, {text: f"Vastaus {i}"}, organisation=world.school_a, role=Role.MEMBER)
        for i in range(6)
    ]

    export = selectors.results_export(
        user=world.coordinator, survey=survey, filters=Filters(), with_names=True
    )

    assert export.header == ["Organisaatio", "Rooli", text.text]
    flat = {str(value) for row in export.rows for value in row}
    assert not flat & {str(r.pk) for r in responses}
    assert all(row[:2] == ["Koulu A", "jäsen"] for row in export.rows)


def test_identified_export_names_people_only_when_asked(world):
    survey = SurveyFactory(organisation=world.oulu, identified=True, open=True)
    single = _question(survey, single=True, choices=["kyllä"])
    yes = Choice.objects.get(question=single)
    respond(survey, {single: yes}, person=world.member, organisation=world.school_a)
    recipient = RecipientFactory(survey=survey, name="Listalta Lauri", email="lauri@example.fi")
    respond(survey, {single: yes}, recipient=recipient)

    named = selectors.results_export(
        user=world.coordinator, survey=survey, filters=Filters(), with_names=True
    )
    assert named.header[:4] == ["Organisaatio", "Rooli", "Nimi", "Sähköposti"]
    assert [row[2:5] for row in named.rows] == [
        ["Listalta Lauri", "lauri@example.fi", "kyllä"],
        ["Olli Opettaja", "opettaja@example.fi", "kyllä"],
    ]
    unnamed = selectors.results_export(
        user=world.coordinator, survey=survey, filters=Filters(), with_names=False
    )
    assert "Nimi" not in unnamed.header
    assert "opettaja@example.fi" not in str(unnamed.rows)


def test_export_joins_multiple_choices_and_topics(world, survey):
    multiple = _question(survey, multiple=True, choices=["a", "b"])
    topics = _question(survey, topics=True)
    a, b = Choice.objects.filter(question=multiple)
    for _i in range(5):
        respond(survey, {multiple: [a, b], topics: [(1, "Tekoäly"), (2, "Arviointi")]})

    export = selectors.results_export(
        user=world.coordinator, survey=survey, filters=Filters(), with_names=False
    )

    assert export.rows[0][2:] == ["a; b", "Tekoäly; Arviointi"]
    assert topics.kind == Question.Kind.TOPICS


def test_earlier_wordings_are_shown_with_the_results(world, survey):
    from tutori.surveys.models import QuestionRevision

    likert = _question(survey, likert=True, text="Osaan nyt")
    for _i in range(5):
        respond(survey, {likert: 4})
    QuestionRevision.objects.create(question=likert, version=1, text="Osaan")
    survey.version = 2
    survey.save()

    assert _result(_results(world.coordinator, survey), likert).earlier == [(1, "Osaan")]


def test_a_closed_surveys_results_are_counted_once_an_open_ones_every_time(
    world, survey, django_assert_num_queries
):
    likert = _question(survey, likert=True)
    for _i in range(5):
        respond(survey, {likert: 4})
    _results(world.coordinator, survey)
    respond(survey, {likert: 4})
    assert _results(world.coordinator, survey).n == 6  # open: live

    survey.status = survey.Status.CLOSED
    survey.save()
    assert _results(world.coordinator, survey).n == 6
    selectors.response_rate(user=world.coordinator, survey=survey)
    with django_assert_num_queries(0):
        again = _results(world.coordinator, survey)
        selectors.response_rate(user=world.coordinator, survey=survey)
    assert again.n == 6 and _result(again, likert).bars[3].count == 6


def test_kept_results_are_the_viewers_own(world, survey):
    text = _question(survey)
    for i in range(5):
        respond(survey, {text: f"A {i}"}, organisation=world.school_a)
        respond(survey, {text: f"B {i}"}, organisation=world.school_b)
    survey.status = survey.Status.CLOSED
    survey.save()

    assert _results(world.coordinator, survey).n == 10
    assert _results(world.manager, survey).n == 5
    assert _results(world.outsider, survey).n == 0
    assert _results(world.coordinator, survey, role=Role.TUTOR).n == 0


def test_an_export_without_names_merges_groups_under_five(world, survey):
    text = _question(survey)
    for i in range(6):
        respond(survey, {text: f"A {i}"}, organisation=world.school_a, role=Role.MEMBER)
    respond(survey, {text: "A coach"}, organisation=world.school_a, role=Role.COACH)
    for i in range(3):
        respond(survey, {text: f"B {i}"}, organisation=world.school_b, role=Role.MEMBER)

    rows = selectors.results_export(
        user=world.coordinator, survey=survey, filters=Filters(), with_names=False
    ).rows

    merged = "ei eritelty (alle 5 vastaajaa)"
    by_answer = {row[2]: row[:2] for row in rows}
    assert by_answer["A 0"] == ["Koulu A", "jäsen"]
    assert by_answer["A coach"] == ["Koulu A", merged]
    assert by_answer["B 0"] == [merged, merged]


def test_the_same_words_are_listed_once_with_their_count_most_given_first(world, survey):
    text = _question(survey)
    for words in ["Lisää aikaa"] * 3 + ["Arviointia"] + ["Tekoälyä"] * 2:
        respond(survey, {text: words})

    result = _result(_results(world.coordinator, survey), text)

    assert result.texts == [
        selectors.TextAnswer("Lisää aikaa", 3),
        selectors.TextAnswer("Tekoälyä", 2),
        selectors.TextAnswer("Arviointia", 1),
    ]
    assert not result.more_texts
    paged = selectors.text_answers(
        user=world.coordinator, survey=survey, filters=Filters(), question=text
    )
    assert [(row["text"], row["count"]) for row in paged] == [
        ("Lisää aikaa", 3),
        ("Tekoälyä", 2),
        ("Arviointia", 1),
    ]
