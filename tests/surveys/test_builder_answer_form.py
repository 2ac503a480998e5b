"""The answer form: one field per question, and only answers the question allows pass."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from tests.surveys.factories import QuestionFactory, SectionFactory, SurveyFactory
from tutori.core import registry
from tutori.surveys.forms.answer import AnswerForm, field_name, initial_from_answers
from tutori.surveys.models import TEXT_MAX, Answer, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(monkeypatch):
    source = registry.TopicSource(
        key="test-topics",
        topics=lambda organisation_id: [(11, "Tekoäly opetuksessa"), (12, "Arviointi")],
        offers=lambda school_id, topic_ids: {},
    )
    monkeypatch.setattr(registry.registry, "topic_sources", {"test-topics": source})
    return source


@pytest.fixture
def survey(world, topics):
    s = SurveyFactory(organisation=world.oulu)
    area = SectionFactory(survey=s, title="Ammatillinen osaaminen")
    QuestionFactory(survey=s, section=area, key="likert", likert=True, required=True)
    QuestionFactory(survey=s, key="grade", grade=True)
    QuestionFactory(survey=s, key="single", single=True, choices=["kyllä", "ei"])
    QuestionFactory(survey=s, key="multi", multiple=True, choices=["a", "b", "c"])
    QuestionFactory(survey=s, key="text")
    QuestionFactory(survey=s, key="num", number=True, number_min=0, number_max=40)
    QuestionFactory(survey=s, key="topics", topics=True)
    return s


def q(survey, key):
    return survey.questions.get(key=key)


def choice_id(survey, key, label):
    return q(survey, key).choices.get(label=label).pk


def test_every_question_gets_a_field_grouped_by_section(survey):
    form = AnswerForm(survey)
    assert list(form.fields) == [
        "q-likert", "q-grade", "q-single", "q-multi", "q-text", "q-num", "q-topics"
    ]  # fmt: skip
    groups = form.groups()
    assert [g.title for g in groups] == ["", "Ammatillinen osaaminen"]
    assert [i.question.key for i in groups[1].items] == ["likert"]


def test_a_valid_answer_gives_one_row_per_chosen_option(survey):
    data = {
        "q-likert": "4",
        "q-grade": "9",
        "q-single": str(choice_id(survey, "single", "ei")),
        "q-multi": [str(choice_id(survey, "multi", "a")), str(choice_id(survey, "multi", "c"))],
        "q-text": "  Hyvä koulutus\r\nkiitos  ",
        "q-num": "12",
        "q-topics": ["12"],
    }
    from django.utils.datastructures import MultiValueDict

    form = AnswerForm(
        survey, data=MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in data.items()})
    )
    assert form.is_valid(), form.errors
    rows = {
        (r["question"].key, tuple(sorted(k for k in r if k != "question"))): r
        for r in form.cleaned_answers()
    }
    answers = form.cleaned_answers()
    assert len(answers) == 8
    by_key: dict[str, list] = {}
    for row in answers:
        by_key.setdefault(row["question"].key, []).append(row)
    assert by_key["likert"] == [{"question": q(survey, "likert"), "number": 4}]
    assert by_key["grade"][0]["number"] == 9
    assert [r["choice_id"] for r in by_key["multi"]] == [
        choice_id(survey, "multi", "a"),
        choice_id(survey, "multi", "c"),
    ]
    assert by_key["text"][0]["text"] == "Hyvä koulutus\nkiitos"
    assert by_key["topics"] == [
        {"question": q(survey, "topics"), "topic_id": 12, "topic_label": "Arviointi"}
    ]
    assert rows  # the rows are ready for Answer(response=…, **row)
    response = Response.objects.create(survey=survey, submitted=True)
    Answer.objects.bulk_create(Answer(response=response, **row) for row in answers)
    assert Answer.objects.filter(response=response).count() == 8


def test_a_required_question_left_empty_says_so(survey):
    form = AnswerForm(survey, data={})
    assert not form.is_valid()
    assert form.errors == {"q-likert": ["Vastaa tähän kysymykseen."]}


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("grade", "11", "Arvosana on kokonaisluku väliltä 4–10."),
        ("grade", "3", "Arvosana on kokonaisluku väliltä 4–10."),
        ("likert", "6", "Valitse jokin annetuista vaihtoehdoista."),
        ("likert", "0", "Valitse jokin annetuista vaihtoehdoista."),
        ("num", "41", "Anna luku väliltä 0–40."),
        ("num", "-1", "Anna luku väliltä 0–40."),
        ("num", "9" * 5000, "Anna kokonaisluku numeroina."),
        ("num", "kaksi", "Anna kokonaisluku numeroina."),
        ("topics", "99", "Valitse jokin annetuista vaihtoehdoista."),
        (
            "text",
            "x" * (TEXT_MAX + 1),
            f"Vastaus on liian pitkä: enintään {TEXT_MAX} merkkiä (nyt {TEXT_MAX + 1}).",
        ),
    ],
)
def test_bad_answers_get_a_clear_message(survey, key, value, message):
    form = AnswerForm(survey, data={"q-likert": "3", f"q-{key}": value})
    assert not form.is_valid()
    assert form.errors[f"q-{key}"] == [message]


def test_a_choice_of_another_question_is_refused(survey):
    other = choice_id(survey, "multi", "a")
    form = AnswerForm(survey, data={"q-likert": "3", "q-single": str(other)})
    assert not form.is_valid()
    assert "q-single" in form.errors


def test_a_hundred_kilobytes_of_text_is_refused_and_kept_to_show_again(survey):
    text = "ä" * 100_000
    form = AnswerForm(survey, data={"q-likert": "3", "q-text": text})
    assert not form.is_valid()
    assert form["q-text"].value() == text


def test_a_number_without_bounds_still_fits_the_database(world, topics):
    s = SurveyFactory(organisation=world.oulu)
    QuestionFactory(survey=s, key="n", number=True)
    assert not AnswerForm(s, data={"q-n": str(2**31)}).is_valid()
    assert AnswerForm(s, data={"q-n": "-2147483648"}).is_valid()


def test_the_wording_follows_the_language(world, topics):
    s = SurveyFactory(organisation=world.oulu)
    area = SectionFactory(survey=s, title="Osio", translations={"sv": {"title": "Avsnitt"}})
    QuestionFactory(
        survey=s,
        section=area,
        key="l",
        likert=True,
        text="Kuinka hyvin?",
        translations={"sv": {"text": "Hur väl?", "scale_labels": ["1", "2", "3", "4", "5"]}},
    )
    form = AnswerForm(s, language="sv")
    group = form.groups()[0]
    assert group.title == "Avsnitt"
    assert group.items[0].text == "Hur väl?"
    assert [label for _value, label in form.fields["q-l"].choices] == ["1", "2", "3", "4", "5"]
    with translation.override("fi"):
        assert AnswerForm(s).groups()[0].items[0].text == "Kuinka hyvin?"


def test_a_saved_draft_fills_the_form_again(survey):
    response = Response.objects.create(survey=survey)
    Answer.objects.create(response=response, question=q(survey, "likert"), number=2)
    for label in ("a", "b"):
        Answer.objects.create(
            response=response,
            question=q(survey, "multi"),
            choice_id=choice_id(survey, "multi", label),
        )
    initial = initial_from_answers(
        Answer.objects.filter(response=response).select_related("question")
    )
    assert initial["q-likert"] == 2
    assert len(initial["q-multi"]) == 2
    form = AnswerForm(survey, initial=initial)
    html = form.render("surveys/partials/_answer_fields.html")
    assert re.search(r'value="2"[^>]*checked', html)


def test_the_fields_render_as_fieldsets_with_legends(survey):
    from django.template.loader import render_to_string

    html = render_to_string("surveys/partials/_answer_fields.html", {"form": AnswerForm(survey)})
    assert html.count("<fieldset") == 7
    assert html.count("<legend>") == 7
    assert 'type="radio"' in html and 'type="checkbox"' in html
    assert "Tekoäly opetuksessa" in html
    assert field_name(q(survey, "text")) in html


def test_a_required_topic_question_without_topics_does_not_block_the_answer(world, monkeypatch):
    monkeypatch.setattr(registry.registry, "topic_sources", {})
    s = SurveyFactory(organisation=world.oulu)
    QuestionFactory(survey=s, key="t", topics=True, required=True)
    form = AnswerForm(s, data={})
    assert form.is_valid() and form.cleaned_answers() == []
