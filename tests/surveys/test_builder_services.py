"""The builder's services: versioning once answers came, copies that keep question keys,
instruments, and the refusals a form turns into a message."""

from __future__ import annotations

from datetime import date

import pytest

from tests.surveys.factories import (
    AnswerFactory,
    QuestionFactory,
    ResponseFactory,
    SectionFactory,
    SurveyFactory,
)
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.surveys.models import Choice, QuestionRevision, Survey
from tutori.surveys.services import builder as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(world):
    s = SurveyFactory(organisation=world.oulu, title="Tarpeet")
    area = SectionFactory(survey=s, title="Digitaidot")
    QuestionFactory(survey=s, section=area, key="lik", likert=True, text="Osaan")
    QuestionFactory(survey=s, section=area, key="one", single=True, choices=["kyllä", "ei"])
    return s


def answered(survey):
    response = ResponseFactory(survey=survey)
    AnswerFactory(response=response, question=survey.questions.get(key="lik"), number=3)
    return response


def update(world, question, **changes):
    fields = {
        "kind": question.kind,
        "text": question.text,
        "section": question.section,
        "scale_labels": question.scale_labels,
        "choices": [c.label for c in question.choices.all()],
    }
    return services.question_update(
        by=world.coordinator, question=question, **{**fields, **changes}
    )


def test_keys_are_made_from_the_words_and_stay_unique(world, survey):
    a = services.question_create(by=world.coordinator, survey=survey, kind="text", text="Mitä?")
    b = services.question_create(by=world.coordinator, survey=survey, kind="text", text="Mitä?")
    assert (a.key, b.key) == ("mita", "mita-2")
    update(world, a, text="Jotain muuta")
    a.refresh_from_db()
    assert a.key == "mita"


def test_before_answers_anything_may_change(world, survey):
    q = survey.questions.get(key="lik")
    assert update(world, q, kind="grade") is False
    q.refresh_from_db()
    assert q.kind == "grade" and q.scale_labels == []
    one = survey.questions.get(key="one")
    update(world, one, choices=["kyllä", "ehkä"])
    assert [c.label for c in one.choices.all()] == ["kyllä", "ehkä"]
    services.question_delete(by=world.coordinator, question=one)
    assert not survey.questions.filter(key="one").exists()
    assert not QuestionRevision.objects.exists()


def test_after_answers_the_kind_scale_and_choices_stay(world, survey):
    update(world, survey.questions.get(key="one"), choices=["kyllä", "ei", "ehkä"])
    answered(survey)
    q = survey.questions.get(key="lik")
    with pytest.raises(services.HasAnswers, match="tyyppiä"):
        update(world, q, kind="grade")
    with pytest.raises(services.HasAnswers, match="kohtien määrää"):
        update(world, q, scale_labels=["a", "b", "c"])
    one = survey.questions.get(key="one")
    with pytest.raises(services.HasAnswers, match="vaihtoehtoja ei voi poistaa"):
        update(world, one, choices=["kyllä", "ei"])
    with pytest.raises(services.HasAnswers, match="kysymystä ei voi poistaa"):
        services.question_delete(by=world.coordinator, question=one)
    with pytest.raises(services.HasAnswers):
        services.section_delete(by=world.coordinator, section=survey.sections.get())
    assert survey.questions.count() == 2 and Choice.objects.filter(question=one).count() == 3


def test_a_wording_change_after_answers_keeps_the_old_wording_and_bumps_the_version(world, survey):
    answered(survey)
    q = survey.questions.get(key="lik")
    old_labels = list(q.scale_labels)
    assert update(world, q, text="Osaan hyvin", scale_labels=["1", "2", "3", "4", "5"]) is True
    survey.refresh_from_db()
    assert survey.version == 2
    revision = QuestionRevision.objects.get(question=q)
    assert (revision.version, revision.text) == (1, "Osaan")
    assert revision.wording["scale_labels"] == old_labels
    assert revision.changed_by == world.coordinator
    # Only "required" changed: not a wording change.
    assert (
        update(world, q, text="Osaan hyvin", scale_labels=["1", "2", "3", "4", "5"], required=True)
        is False
    )
    one = survey.questions.get(key="one")
    ids = list(one.choices.values_list("pk", flat=True))
    # Adding an option does not change what earlier answers meant; renaming one does.
    assert update(world, one, choices=["kyllä", "ei", "en osaa sanoa"]) is False
    assert update(world, one, choices=["kyllä", "en", "en osaa sanoa"]) is True
    assert list(one.choices.values_list("pk", flat=True))[:2] == ids  # old answers keep their rows
    assert (
        QuestionRevision.objects.filter(question=one).get().wording["choices"][str(ids[1])] == "ei"
    )
    survey.refresh_from_db()
    assert survey.version == 3


def test_adding_a_question_after_answers_is_allowed(world, survey):
    answered(survey)
    q = services.question_create(by=world.coordinator, survey=survey, kind="grade", text="Arvosana")
    assert q.order > survey.questions.get(key="one").order


def test_a_copy_keeps_sections_questions_choices_keys_and_instrument(world, survey):
    instrument = SurveyFactory(instrument=True, title="Mittari")
    survey.instrument = instrument
    survey.save()
    copy = services.survey_copy(by=world.coordinator, survey=survey)
    assert copy.status == Survey.Status.DRAFT and copy.title == "Kopio: Tarpeet"
    assert copy.instrument == instrument and copy.organisation == world.oulu
    assert list(copy.questions.values_list("key", "section__title")) == [
        ("lik", "Digitaidot"),
        ("one", "Digitaidot"),
    ]
    assert [c.label for c in copy.questions.get(key="one").choices.all()] == ["kyllä", "ei"]


def test_an_instrument_saved_and_used_again_keeps_the_keys(world, survey):
    instrument = services.survey_save_as_instrument(by=world.coordinator, survey=survey)
    assert instrument.is_instrument and instrument.organisation == world.oulu
    pre = services.survey_from_instrument(
        by=world.coordinator, instrument=instrument, organisation=world.school_a, title="Alku"
    )
    post = services.survey_from_instrument(
        by=world.coordinator, instrument=instrument, organisation=world.school_a, title="Loppu"
    )
    assert pre.instrument == post.instrument == instrument
    assert set(pre.questions.values_list("key", flat=True)) == {"lik", "one"}
    assert set(post.questions.values_list("key", flat=True)) == {"lik", "one"}


def test_a_built_in_instrument_is_never_edited_but_copied(world):
    built_in = SurveyFactory(instrument=True, title="Alustan mittari")
    QuestionFactory(survey=built_in, key="k", likert=True)
    with pytest.raises(services.BuiltInInstrument):
        services.question_create(by=world.admin, survey=built_in, kind="text", text="Uusi")
    with pytest.raises(services.BuiltInInstrument):
        services.survey_update(by=world.admin, survey=built_in, title="Muutettu")
    own = services.survey_from_instrument(
        by=world.coordinator, instrument=built_in, organisation=world.oulu, as_instrument=True
    )
    assert own.is_instrument and own.instrument == built_in
    services.question_create(by=world.coordinator, survey=own, kind="text", text="Oma lisäys")


def test_only_the_organisations_coordinators_build(world, survey):
    with pytest.raises(PermissionDeniedError):
        services.question_create(by=world.manager, survey=survey, kind="text", text="x")
    with pytest.raises(PermissionDeniedError):
        services.survey_create(by=world.outsider, organisation=world.oulu, title="x")


def test_dates_close_after_they_open(world):
    with pytest.raises(ApplicationError, match="sulkeutua ennen"):
        services.survey_create(
            by=world.coordinator,
            organisation=world.oulu,
            title="x",
            opens_on=date(2026, 5, 2),
            closes_on=date(2026, 5, 1),
        )
    same_day = services.survey_create(
        by=world.coordinator,
        organisation=world.oulu,
        title="x",
        opens_on=date(2026, 5, 2),
        closes_on=date(2026, 5, 2),
    )
    assert (same_day.closes_at - same_day.opens_at).days == 1


def test_anonymity_is_fixed_once_sent(world, survey):
    survey.status = Survey.Status.OPEN
    survey.save()
    with pytest.raises(services.HasAnswers, match="nimettömyyttä"):
        services.survey_update(by=world.coordinator, survey=survey, title="x", anonymous=False)


def test_a_sent_survey_is_not_removed(world, survey):
    answered(survey)
    with pytest.raises(services.HasAnswers):
        services.survey_delete(by=world.coordinator, survey=survey)


def test_reordering_needs_exactly_the_sections_questions(world, survey):
    section = survey.sections.get()
    lik, one = (survey.questions.get(key=k).pk for k in ("lik", "one"))
    services.questions_reorder(
        by=world.coordinator, survey=survey, section=section, question_ids=[one, lik]
    )
    assert list(section.questions.values_list("key", flat=True)) == ["one", "lik"]
    with pytest.raises(ApplicationError):
        services.questions_reorder(
            by=world.coordinator, survey=survey, section=section, question_ids=[one]
        )
    with pytest.raises(ApplicationError):
        services.questions_reorder(
            by=world.coordinator, survey=survey, section=section, question_ids=[one, one, lik]
        )


def test_moving_past_the_ends_does_nothing(world, survey):
    first = survey.questions.get(key="lik")
    assert services.question_move(by=world.coordinator, question=first, direction="up") is False
    assert services.question_move(by=world.coordinator, question=first, direction="down") is True
    section = survey.sections.get()
    assert services.section_move(by=world.coordinator, section=section, direction="up") is False


def test_a_scale_has_two_to_ten_points(world, survey):
    for labels in (["vain yksi"], [str(i) for i in range(11)]):
        with pytest.raises(ApplicationError, match="2–10"):
            services.question_create(
                by=world.coordinator, survey=survey, kind="likert", text="x", scale_labels=labels
            )
    q = services.question_create(by=world.coordinator, survey=survey, kind="likert", text="y")
    assert len(q.scale_labels) == 5


def test_an_instrument_with_surveys_made_from_it_stays(world, survey):
    instrument = services.survey_save_as_instrument(by=world.coordinator, survey=survey)
    services.survey_from_instrument(
        by=world.coordinator, instrument=instrument, organisation=world.oulu
    )
    with pytest.raises(services.HasAnswers, match="Mittarista on tehty kyselyitä"):
        services.survey_delete(by=world.coordinator, survey=instrument)
    unused = services.survey_save_as_instrument(by=world.coordinator, survey=survey)
    services.survey_delete(by=world.coordinator, survey=unused)
    assert not Survey._default_manager.filter(pk=unused.pk).exists()
