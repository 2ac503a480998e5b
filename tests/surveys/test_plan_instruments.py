"""The instruments built into the platform: installed after migrate, idempotent, with stable
question keys and the seed's wording in Finnish, Swedish and English."""

from __future__ import annotations

import pytest
from django.utils import translation

from tutori.core.scoping import scopes_disabled
from tutori.surveys import instruments
from tutori.surveys.models import DEFAULT_SCALE, Question, Survey
from tutori.surveys.text import localized

pytestmark = pytest.mark.django_db


def _built_in() -> list[Survey]:
    with scopes_disabled():
        return list(Survey.objects.filter(is_instrument=True, organisation__isnull=True))


def _keys(survey: Survey) -> dict[str, int]:
    return dict(Question.objects.filter(survey=survey).values_list("key", "pk"))


def test_migrate_installed_the_four_built_in_instruments():
    titles = {s.title for s in _built_in()}
    assert titles == {
        "Työvalmentajan itsearviointi",
        "Opettajien tutorointitarpeet",
        "Halukkuus vertaisohjaajaksi",
        "Koulutuksen palaute",
    }


def test_installing_twice_makes_no_copies_and_keeps_keys_and_rows():
    before = {s.pk: _keys(s) for s in _built_in()}
    instruments.instruments_install()
    instruments.instruments_install()
    after = {s.pk: _keys(s) for s in _built_in()}
    assert after == before
    with scopes_disabled():
        assert Question.objects.filter(survey__in=list(after)).count() == sum(
            len(keys) for keys in before.values()
        )


def test_reworded_text_is_brought_back_and_keys_stay():
    survey = instruments.built_in(instruments.SELF_ASSESSMENT)
    question = Question.objects.get(survey=survey, key="sa_guide_methods")
    question.text = "Vanha sanamuoto"
    question.save()
    instruments.instruments_install()
    question.refresh_from_db()
    assert question.text == "Hallitsen erilaiset ohjaamismenetelmät."


def test_self_assessment_has_the_overall_question_and_eleven_statements_in_four_areas():
    survey = instruments.built_in(instruments.SELF_ASSESSMENT)
    sections = list(survey.sections.all())
    assert [s.title for s in sections] == [
        "Työvalmentajuus kokonaisuutena",
        "Ammatillinen osaaminen",
        "Suunnittelutaidot",
        "Arviointikyky",
        "Asiakkaan ohjaus",
    ]
    counts = [s.questions.count() for s in sections]
    assert counts == [1, 3, 2, 2, 4]
    assert sum(counts[1:]) == 11
    for question in Question.objects.filter(survey=survey):
        assert question.kind == Question.Kind.LIKERT
        assert question.scale_labels == DEFAULT_SCALE
        assert question.translations["sv"]["scale_labels"][0] == "svagt"
        assert question.translations["en"]["text"]


def test_swedish_and_english_wording_is_shown_in_those_languages():
    survey = instruments.built_in(instruments.COURSE_FEEDBACK)
    grade = Question.objects.get(survey=survey, key="cf_grade")
    assert grade.kind == Question.Kind.GRADE
    with translation.override("sv"):
        assert localized(survey, "title") == "Respons på utbildningen"
        assert localized(grade, "text").startswith("Vilket skolvitsord")
    with translation.override("en"):
        assert localized(survey, "title") == "Course feedback"


def test_training_needs_survey_has_a_topic_picker_and_need_questions():
    survey = instruments.built_in(instruments.TRAINING_NEEDS)
    kinds = dict(Question.objects.filter(survey=survey).values_list("key", "kind"))
    assert kinds["tn_topics"] == Question.Kind.TOPICS
    needs = Question.objects.filter(survey=survey, measures_need=True)
    assert needs.count() == 5
    assert {q.kind for q in needs} == {Question.Kind.LIKERT}
    assert kinds["tn_free"] == Question.Kind.TEXT
    assert Question.objects.get(survey=survey, key="tn_mode").choices.count() == 3


def test_willingness_survey_asks_about_becoming_a_peer_mentor():
    survey = instruments.built_in(instruments.WILLINGNESS)
    willing = Question.objects.get(survey=survey, key="pm_willing")
    assert [c.label for c in willing.choices.all()] == [
        "Kyllä",
        "Ehkä, haluan kuulla lisää",
        "En tällä kertaa",
    ]
    assert willing.choices.first().translations["sv"]["label"] == "Ja"
