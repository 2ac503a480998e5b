"""The builder's pages: what a coordinator sees and does, in a constant number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.surveys.factories import (
    QuestionFactory,
    ResponseFactory,
    SectionFactory,
    SurveyFactory,
)
from tutori.surveys.models import Question, QuestionRevision, Section, Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(world):
    s = SurveyFactory(organisation=world.oulu, title="Koulutustarpeet 2026")
    area = SectionFactory(survey=s, title="Digitaidot")
    QuestionFactory(survey=s, section=area, key="d1", likert=True, text="Osaan käyttää tekoälyä")
    QuestionFactory(survey=s, section=area, key="d2", single=True, choices=["kyllä", "ei"])
    QuestionFactory(survey=s, key="free", text="Mitä muuta?")
    return s


def many_surveys(world, n):
    for i in range(n):
        s = SurveyFactory(organisation=world.school_a if i % 2 else world.oulu)
        QuestionFactory(survey=s)


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_reads_a_constant_number_of_queries(
    client, world, count, django_assert_max_num_queries
):
    many_surveys(world, count)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("surveys:list"))
    assert response.status_code == 200
    assert response.content.decode().count('href="/surveys/') >= min(count, 25)


def test_the_list_searches_and_filters_by_status(client, world):
    SurveyFactory(organisation=world.oulu, title="Palautekysely", open=True)
    SurveyFactory(organisation=world.oulu, title="Tarvekartoitus")
    client.force_login(world.coordinator)
    page = client.get(reverse("surveys:list"), {"q": "palaute"}).content.decode()
    assert "Palautekysely" in page and "Tarvekartoitus" not in page
    page = client.get(reverse("surveys:list"), {"status": "draft"}).content.decode()
    assert "Tarvekartoitus" in page and "Palautekysely" not in page
    partial = client.get(reverse("surveys:list"), {"q": "tarve"}, HTTP_HX_REQUEST="true")
    assert "<h1>" not in partial.content.decode()


def test_another_municipalitys_surveys_never_appear(client, world):
    SurveyFactory(organisation=world.kemi, title="Kemin kysely", open=True)
    SurveyFactory(organisation=world.oulu, title="Oulun kysely", open=True)
    client.force_login(world.coordinator)
    page = client.get(reverse("surveys:list")).content.decode()
    assert "Oulun kysely" in page and "Kemin kysely" not in page


def test_a_manager_sees_sent_surveys_above_but_not_drafts(client, world):
    SurveyFactory(organisation=world.oulu, title="Lähetetty", open=True)
    SurveyFactory(organisation=world.oulu, title="Keskeneräinen")
    client.force_login(world.manager)
    page = client.get(reverse("surveys:list")).content.decode()
    assert "Lähetetty" in page and "Keskeneräinen" not in page
    assert "Uusi kysely" not in page


@pytest.mark.parametrize("extra", [0, 20])
def test_the_survey_page_reads_a_constant_number_of_queries(
    client, world, survey, extra, django_assert_max_num_queries
):
    for i in range(extra):
        QuestionFactory(survey=survey, key=f"x{i}", multiple=True, choices=["a", "b"])
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("surveys:detail", args=[survey.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Digitaidot" in page and "Osaan käyttää tekoälyä" in page
    assert reverse("surveys:question_move", args=[survey.questions.get(key="d1").pk]) in page


def test_a_coordinator_creates_a_survey_with_a_clear_message_for_bad_dates(client, world):
    client.force_login(world.coordinator)
    body = {
        "organisation": world.oulu.pk,
        "title": "Syksyn kysely",
        "description": "Hei!\nVastaathan.",
        "purpose": "needs",
        "anonymous": "1",
        "opens_on": "2026-10-10",
        "closes_on": "2026-10-01",
    }
    response = client.post(reverse("surveys:new"), body)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sulkeutumispäivä ei voi olla ennen avautumispäivää." in page
    assert 'value="Syksyn kysely"' in page  # what was typed stays
    body["closes_on"] = "2026-10-20"
    body["title_sv"] = "Höstens enkät"
    response = client.post(reverse("surveys:new"), body)
    survey = Survey._default_manager.get(title="Syksyn kysely")
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:detail", args=[survey.pk])
    assert survey.translations == {"sv": {"title": "Höstens enkät"}}
    assert survey.closes_at > survey.opens_at


def test_a_coordinator_adds_a_section_and_questions_of_each_kind(client, world, survey):
    client.force_login(world.coordinator)
    response = client.post(reverse("surveys:section_new", args=[survey.pk]), {"title": "Arviointi"})
    assert response.status_code == 302
    section = Section.objects.get(survey=survey, title="Arviointi")
    url = reverse("surveys:question_new", args=[survey.pk])
    assert client.get(url, {"kind": "likert", "section": section.pk}).status_code == 200
    response = client.post(
        url,
        {
            "kind": "likert",
            "section": section.pk,
            "text": "Arvioin oppimista monipuolisesti",
            "scale_labels": "ei lainkaan\nvähän\npaljon",
            "required": "on",
            "measures_need": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    q = Question.objects.get(text="Arvioin oppimista monipuolisesti")
    assert q.scale_labels == ["ei lainkaan", "vähän", "paljon"] and q.section == section
    assert q.key == "arvioin-oppimista-monipuolisesti"
    response = client.post(url, {"kind": "single", "text": "Valitse", "choices": "yksi"})
    assert response.status_code == 400
    assert "Anna vähintään kaksi vaihtoehtoa" in response.content.decode()
    response = client.post(
        url, {"kind": "number", "text": "Montako?", "number_min": "5", "number_max": "1"}
    )
    assert response.status_code == 400
    assert "Suurin sallittu luku ei voi olla pienempi kuin pienin." in response.content.decode()


def test_moving_a_question_by_the_keyboards_buttons(client, world, survey):
    client.force_login(world.coordinator)
    d2 = survey.questions.get(key="d2")
    response = client.post(reverse("surveys:question_move", args=[d2.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#question-{d2.pk}")
    keys = list(survey.questions.filter(section__isnull=False).values_list("key", flat=True))
    assert keys == ["d2", "d1"]


def test_reordering_by_drag_answers_json(client, world, survey):
    client.force_login(world.coordinator)
    section = survey.sections.get()
    d1, d2 = (survey.questions.get(key=k).pk for k in ("d1", "d2"))
    url = reverse("surveys:questions_reorder", args=[survey.pk])
    response = client.post(
        url, {"section": section.pk, "order": f"{d2},{d1}"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200 and response.json()["ok"]
    assert list(section.questions.values_list("key", flat=True)) == ["d2", "d1"]
    free = survey.questions.get(key="free").pk
    response = client.post(
        url, {"section": section.pk, "order": f"{d2},{free}"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    response = client.post(
        url, {"section": section.pk, "order": "x"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400


def test_the_preview_shows_the_respondents_form(client, world, survey):
    client.force_login(world.coordinator)
    response = client.get(reverse("surveys:preview", args=[survey.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<fieldset class="question ') == 3 and 'type="radio"' in page
    assert "Vastauksia ei tallenneta" in page
    assert (
        client.get(reverse("surveys:preview", args=[survey.pk]), {"lang": "sv"}).status_code == 200
    )


def test_editing_wording_after_answers_warns_and_keeps_the_old_wording(client, world, survey):
    ResponseFactory(survey=survey)
    client.force_login(world.coordinator)
    q = survey.questions.get(key="d1")
    url = reverse("surveys:question_edit", args=[q.pk])
    page = client.get(url).content.decode()
    assert "Kyselyyn on jo vastattu" in page
    body = {
        "kind": "likert",
        "section": q.section_id,
        "text": "Osaan käyttää tekoälyä opetuksessa",
        "scale_labels": "\n".join(q.scale_labels),
    }
    response = client.post(url, body, follow=True)
    assert "Aiempi sanamuoto on tallessa" in response.content.decode()
    assert QuestionRevision.objects.get(question=q).text == "Osaan käyttää tekoälyä"
    body["scale_labels"] = "a\nb\nc"
    response = client.post(url, body)
    assert response.status_code == 400
    page = response.content.decode()
    assert "asteikon kohtien määrää ei voi muuttaa" in page
    assert "a\nb\nc" in page  # what was typed stays


def test_a_refused_delete_says_why_and_a_draft_is_removed_after_asking(client, world, survey):
    client.force_login(world.coordinator)
    q = survey.questions.get(key="free")
    assert client.get(reverse("surveys:question_delete", args=[q.pk])).status_code == 200
    ResponseFactory(survey=survey)
    response = client.post(reverse("surveys:question_delete", args=[q.pk]), follow=True)
    assert "kysymystä ei voi poistaa" in response.content.decode()
    assert Question.objects.filter(pk=q.pk).exists()
    draft = SurveyFactory(organisation=world.oulu)
    page = client.get(reverse("surveys:delete", args=[draft.pk])).content.decode()
    assert "Kyllä, poista kysely" in page
    client.post(reverse("surveys:delete", args=[draft.pk]))
    assert not Survey._default_manager.filter(pk=draft.pk).exists()


def test_copy_save_as_instrument_and_use_an_instrument(client, world, survey):
    client.force_login(world.coordinator)
    response = client.post(reverse("surveys:copy", args=[survey.pk]))
    copy = Survey._default_manager.get(title="Kopio: Koulutustarpeet 2026")
    assert response["Location"] == reverse("surveys:detail", args=[copy.pk])
    assert sorted(copy.questions.values_list("key", flat=True)) == ["d1", "d2", "free"]
    response = client.post(
        reverse("surveys:save_instrument", args=[survey.pk]), {"title": "Digimittari"}
    )
    instrument = Survey._default_manager.get(title="Digimittari")
    assert instrument.is_instrument and instrument.organisation == world.oulu
    page = client.get(reverse("surveys:instruments")).content.decode()
    assert "Digimittari" in page
    response = client.post(
        reverse("surveys:from_instrument", args=[instrument.pk]),
        {"organisation": world.school_a.pk, "title": "Koulu A:n digikysely", "as_instrument": "0"},
    )
    made = Survey._default_manager.get(title="Koulu A:n digikysely")
    assert response.status_code == 302
    assert made.instrument == instrument and made.organisation == world.school_a
    assert not made.is_instrument and made.status == "draft"


def test_a_built_in_instrument_is_shown_but_not_edited(client, world):
    built_in = SurveyFactory(instrument=True, title="Itsearviointi")
    QuestionFactory(survey=built_in, likert=True)
    client.force_login(world.coordinator)
    page = client.get(reverse("surveys:detail", args=[built_in.pk])).content.decode()
    assert "Tee kysely tästä mittarista" in page
    assert reverse("surveys:edit", args=[built_in.pk]) not in page
    assert client.get(reverse("surveys:edit", args=[built_in.pk])).status_code == 403


def test_the_preview_speaks_the_chosen_language(client, world, survey):
    survey.translations = {"sv": {"title": "Utbildningsbehov 2026"}}
    survey.save()
    q = survey.questions.get(key="d1")
    q.translations = {"sv": {"text": "Jag kan använda AI"}}
    q.save()
    client.force_login(world.coordinator)
    page = client.get(reverse("surveys:preview", args=[survey.pk]), {"lang": "sv"}).content
    assert "Utbildningsbehov 2026" in page.decode() and "Jag kan använda AI" in page.decode()


def test_the_edit_page_lists_the_earlier_wordings(client, world, survey):
    ResponseFactory(survey=survey)
    q = survey.questions.get(key="free")
    client.force_login(world.coordinator)
    client.post(
        reverse("surveys:question_edit", args=[q.pk]), {"kind": "text", "text": "Mitä vielä?"}
    )
    page = client.get(reverse("surveys:question_edit", args=[q.pk])).content.decode()
    assert "Versio 1: Mitä muuta?" in page


@pytest.mark.parametrize("count", [1, 30])
def test_the_instruments_read_a_constant_number_of_queries(
    client, world, count, django_assert_max_num_queries
):
    for _i in range(count):
        instrument = SurveyFactory(organisation=world.oulu, instrument=True)
        QuestionFactory(survey=instrument)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("surveys:instruments")).status_code == 200


def test_lists_and_the_survey_page_read_in_the_persons_language(client, world):
    built_in = SurveyFactory(
        instrument=True,
        title="Itsearviointi",
        translations={"sv": {"title": "Självbedömning"}, "en": {"title": "Self-assessment"}},
    )
    QuestionFactory(
        survey=built_in, likert=True, text="Osaan", translations={"sv": {"text": "Jag kan"}}
    )
    world.coordinator.preferred_language = "sv"
    world.coordinator.save()
    client.force_login(world.coordinator)
    page = client.get(reverse("surveys:instruments"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Självbedömning" in page
    page = client.get(reverse("surveys:detail", args=[built_in.pk]), HTTP_ACCEPT_LANGUAGE="sv")
    assert "<h1>Självbedömning</h1>" in page.content.decode()
    assert "Jag kan" in page.content.decode()
