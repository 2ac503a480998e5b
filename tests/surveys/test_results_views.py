"""The results pages as people use them: the page with its charts and tables, the filters,
the response rate fragment, the export and its refusals, and constant query counts."""

from __future__ import annotations

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache, caches
from django.urls import reverse

from tests.surveys.factories import (
    QuestionFactory,
    RecipientFactory,
    SectionFactory,
    SurveyFactory,
    respond,
)
from tutori.orgs.models import Role
from tutori.surveys.models import Answer, Choice, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(world):
    survey = SurveyFactory(organisation=world.oulu, open=True, title="Tarvekartoitus")
    section = SectionFactory(survey=survey, title="Osaaminen")
    QuestionFactory(survey=survey, section=section, likert=True, text="Osaan arvioida?")
    QuestionFactory(survey=survey, section=section, single=True, choices=["kyllä", "ei"])
    QuestionFactory(survey=survey, section=section, multiple=True, choices=["a", "b", "c"])
    QuestionFactory(survey=survey, section=section, grade=True)
    QuestionFactory(survey=survey, section=section, number=True)
    QuestionFactory(survey=survey, section=section, topics=True)
    QuestionFactory(survey=survey, section=section, text="Mitä muuta?")
    return survey


def answer_many(survey, count, *, organisation, role=Role.MEMBER, text_prefix="Vastaus"):
    """``count`` submitted responses answering every question, written in bulk."""
    questions = list(survey.questions.all())
    choices = {q.pk: list(Choice.objects.filter(question=q)) for q in questions}
    responses = Response.objects.bulk_create(
        [
            Response(survey=survey, organisation=organisation, role=role, submitted=True)
            for _i in range(count)
        ]
    )
    answers = []
    for i, response in enumerate(responses):
        for q in questions:
            kind = q.kind
            if kind == "likert":
                answers.append(Answer(response=response, question=q, number=i % 5 + 1))
            elif kind == "grade":
                answers.append(Answer(response=response, question=q, number=4 + i % 7))
            elif kind == "number":
                answers.append(Answer(response=response, question=q, number=i))
            elif kind == "single":
                answers.append(Answer(response=response, question=q, choice=choices[q.pk][i % 2]))
            elif kind == "multiple":
                answers += [
                    Answer(response=response, question=q, choice=c)
                    for c in choices[q.pk][: i % 3 + 1]
                ]
            elif kind == "topics":
                answers.append(
                    Answer(
                        response=response,
                        question=q,
                        topic_id=1 + i % 3,
                        topic_label=f"Aihe {i % 3}",
                    )
                )
            else:
                answers.append(Answer(response=response, question=q, text=f"{text_prefix} {i}"))
    Answer.objects.bulk_create(answers, batch_size=2000)
    return responses


def results_url(survey, **query):
    url = reverse("surveys:results", args=[survey.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_coordinator_sees_charts_tables_and_statistics(client, world, survey):
    answer_many(survey, 10, organisation=world.school_a)
    client.force_login(world.coordinator)

    response = client.get(results_url(survey))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('role="img"') == 5  # likert, single, multiple, grade, topics
    assert "Osaan arvioida?" in page and "1 heikosti" in page
    assert "Keskiarvo" in page and "Mediaani" in page
    assert "Vastaus 0" in page
    assert "Alle 5 vastausta" not in page


@pytest.mark.parametrize("count", [10, 2000])
def test_results_page_makes_the_same_queries_for_10_and_2000_responses(
    client, world, survey, count, django_assert_max_num_queries
):
    answer_many(survey, count, organisation=world.school_a)
    client.force_login(world.coordinator)
    client.get(results_url(survey))  # session and charts warmed

    with django_assert_max_num_queries(15):
        response = client.get(results_url(survey))

    assert response.status_code == 200
    assert f"{count} vastausta" in response.content.decode()


@pytest.mark.parametrize("count", [10, 2000])
def test_export_makes_the_same_queries_for_10_and_2000_responses(
    client, world, survey, count, django_assert_max_num_queries
):
    answer_many(survey, count, organisation=world.school_a)
    client.force_login(world.coordinator)
    client.get(results_url(survey))  # the session saved once

    with django_assert_max_num_queries(12):
        response = client.get(reverse("surveys:results_export", args=[survey.pk, "csv"]))

    assert response.status_code == 200
    assert len(response.content.decode().splitlines()) == count + 1


def test_under_five_the_page_says_why_and_offers_no_export(client, world, survey):
    answer_many(survey, 4, organisation=world.school_a)
    client.force_login(world.coordinator)

    page = client.get(results_url(survey)).content.decode()

    assert "Alle 5 vastausta: tuloksia ei näytetä yksityisyyden suojaamiseksi." in page
    assert 'role="img"' not in page
    assert reverse("surveys:results_export", args=[survey.pk, "csv"]) not in page


def test_filter_by_organisation_and_role(client, world, survey):
    answer_many(survey, 6, organisation=world.school_a, text_prefix="Aata")
    answer_many(survey, 5, organisation=world.school_b, role=Role.TUTOR, text_prefix="Beetä")
    client.force_login(world.coordinator)

    school_a = client.get(results_url(survey, organisation=world.school_a.pk)).content.decode()
    assert "Aata 0" in school_a and "Beetä" not in school_a
    tutors = client.get(results_url(survey, role=Role.TUTOR)).content.decode()
    assert "Beetä 0" in tutors and "Aata" not in tutors
    few = client.get(results_url(survey, organisation=world.school_a.pk, role=Role.TUTOR))
    assert "Alle 5 vastausta" in few.content.decode()


def test_a_filter_of_an_organisation_not_offered_is_an_error_not_a_leak(client, world, survey):
    answer_many(survey, 5, organisation=world.school_a)
    answer_many(survey, 5, organisation=world.school_b, text_prefix="Beetä")
    client.force_login(world.manager)

    for bad in (world.school_b.pk, "abc", "99999999999999999999"):
        response = client.get(results_url(survey, organisation=bad))
        assert response.status_code == 200
        assert "Beetä" not in response.content.decode()


def test_manager_page_never_shows_another_schools_answers(client, world, survey):
    answer_many(survey, 5, organisation=world.school_a, text_prefix="Aata")
    answer_many(survey, 8, organisation=world.school_b, text_prefix="Beetä")
    client.force_login(world.manager)

    page = client.get(results_url(survey)).content.decode()

    assert "Aata 0" in page and "Beetä" not in page
    assert "Koulu B" not in page


def test_show_all_free_text_answers_pages_them(client, world, survey):
    answer_many(survey, 60, organisation=world.school_a)
    text = survey.questions.get(kind="text")
    client.force_login(world.coordinator)

    capped = client.get(results_url(survey)).content.decode()
    assert "Näytä kaikki (60)" in capped
    everything = client.get(results_url(survey, text=text.pk)).content.decode()
    assert everything.count("<li>Vastaus ") == 50
    assert "Sivu 1 / 2" in everything
    assert client.get(results_url(survey, text="x")).status_code == 404


def test_rate_fragment_refreshes_only_while_open(client, world, survey):
    RecipientFactory(survey=survey, organisation=world.school_a, answered=True)
    RecipientFactory(survey=survey, organisation=world.school_a)
    client.force_login(world.coordinator)
    url = reverse("surveys:results_rate", args=[survey.pk])

    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 10s"' in fragment and "50 %" in fragment

    survey.status = survey.Status.CLOSED
    survey.save()
    assert "hx-trigger" not in client.get(url).content.decode()


def test_csv_export_of_an_anonymous_survey_has_no_identifiers_and_is_audited(client, world, survey):
    responses = answer_many(survey, 6, organisation=world.school_a)
    client.force_login(world.coordinator)

    response = client.get(reverse("surveys:results_export", args=[survey.pk, "csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Organisaatio", "Rooli"] and "Nimi" not in rows[0]
    assert len(rows) == 7
    ids = {str(r.pk) for r in responses}
    assert not any(cell in ids for row in rows[1:] for cell in row[:2])
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS, actor=world.coordinator)
    assert entry.object_pk == str(survey.pk) and "csv; 6 rows" in str(entry.changes)


def test_xlsx_export_of_an_identified_survey_names_people_for_the_coordinator_only(client, world):
    from openpyxl import load_workbook

    survey = SurveyFactory(organisation=world.oulu, identified=True, open=True)
    question = QuestionFactory(survey=survey, number=True, text="Montako?")
    for i in range(5):
        respond(survey, {question: i}, person=world.member, organisation=world.school_a)

    client.force_login(world.coordinator)
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("surveys:results_export", args=[survey.pk, "xlsx"])).content)
    ).active
    assert [c.value for c in sheet[1]] == [
        "Organisaatio",
        "Rooli",
        "Nimi",
        "Sähköposti",
        "Montako?",
    ]
    assert sheet.cell(2, 3).value == "Olli Opettaja"

    client.force_login(world.manager)
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("surveys:results_export", args=[survey.pk, "xlsx"])).content)
    ).active
    assert [c.value for c in sheet[1]] == ["Organisaatio", "Rooli", "Montako?"]
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == 2


def test_export_under_five_is_refused_with_the_message(client, world, survey):
    answer_many(survey, 6, organisation=world.school_a)
    answer_many(survey, 2, organisation=world.school_b)
    client.force_login(world.coordinator)
    url = reverse("surveys:results_export", args=[survey.pk, "csv"])

    response = client.get(url + f"?organisation={world.school_b.pk}", follow=True)

    assert response.redirect_chain[0][1] == 302
    assert "Alle 5 vastausta" in response.content.decode()
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
    assert client.get(reverse("surveys:results_export", args=[survey.pk, "pdf"])).status_code == 404


def test_manager_page_and_rate_make_constant_queries(
    client, world, survey, django_assert_max_num_queries
):
    answer_many(survey, 50, organisation=world.school_a)
    answer_many(survey, 50, organisation=world.school_b)
    for i in range(20):
        RecipientFactory(survey=survey, organisation=world.school_a, answered=i % 2 == 0)
    client.force_login(world.manager)
    client.get(results_url(survey))

    with django_assert_max_num_queries(15):
        assert "50 vastausta" in client.get(results_url(survey)).content.decode()
    with django_assert_max_num_queries(6):
        client.get(reverse("surveys:results_rate", args=[survey.pk]))


def test_the_survey_page_shows_the_rate_to_those_who_see_results_only(rf, world, survey):
    from django.template.loader import render_to_string

    RecipientFactory(survey=survey, organisation=world.school_a, answered=True)
    for user, shown in ((world.coordinator, True), (world.manager, True), (world.member, False)):
        request = rf.get("/")
        request.user = user
        html = render_to_string(
            "surveys/partials/_detail_results.html", {"survey": survey}, request=request
        )
        assert ("Vastausprosentti" in html) is shown
        assert (reverse("surveys:results", args=[survey.pk]) in html) is shown


def test_an_export_with_a_filter_that_is_not_offered_is_refused(client, world, survey):
    answer_many(survey, 5, organisation=world.school_a)
    answer_many(survey, 5, organisation=world.school_b)
    client.force_login(world.manager)
    url = reverse("surveys:results_export", args=[survey.pk, "csv"])

    response = client.get(url + f"?organisation={world.school_b.pk}", follow=True)

    assert "Rajaus ei kelpaa" in response.content.decode()
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", ["Resultat: Tarvekartoitus", "Svarsfrekvens", "Medelvärde", "Ladda ner CSV"]),
        ("en", ["Results: Tarvekartoitus", "Response rate", "Mean", "Download CSV"]),
    ],
)
def test_results_read_in_swedish_and_english(client, world, survey, language, words):
    answer_many(survey, 5, organisation=world.school_a)
    world.coordinator.preferred_language = language
    world.coordinator.save(update_fields=["preferred_language"])
    client.force_login(world.coordinator)
    client.post(reverse("accounts:language"), {"language": language, "next": "/"})

    page = client.get(results_url(survey)).content.decode()

    assert all(word in page for word in words), [w for w in words if w not in page]
    few = client.get(results_url(survey, role=Role.TUTOR)).content.decode()
    assert "Alle 5 vastausta" not in few


def test_a_filter_leaving_out_fewer_than_five_shows_nothing_and_exports_nothing(
    client, world, survey
):
    answer_many(survey, 8, organisation=world.school_a, text_prefix="Aata")
    answer_many(survey, 3, organisation=world.school_b, text_prefix="Beetä")
    client.force_login(world.coordinator)
    left_out = "Rajaus jättää pois alle 5 vastausta"

    page = client.get(results_url(survey, organisation=world.school_a.pk)).content.decode()
    assert left_out in page and "Aata 0" not in page
    export = client.get(
        reverse("surveys:results_export", args=[survey.pk, "csv"])
        + f"?organisation={world.school_a.pk}",
        follow=True,
    )
    assert left_out in export.content.decode()
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_the_survey_page_shows_the_live_rate_and_the_way_to_the_results(client, world, survey):
    RecipientFactory(survey=survey, organisation=world.school_a, answered=True)
    RecipientFactory(survey=survey, organisation=world.school_b)
    client.force_login(world.manager)

    page = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()

    assert 'hx-trigger="every 10s"' in page
    assert reverse("surveys:results_rate", args=[survey.pk]) in page
    assert reverse("surveys:results", args=[survey.pk]) in page
    assert "Koulu A" in page and "Koulu B" not in page  # the principal's own school only


def test_a_closed_surveys_kept_page_is_per_reach_and_language(client, world, survey):
    """A closed survey's results page is rendered once and kept: a coordinator's whole
    page never reaches a manager of one school, and a Swedish reader gets Swedish."""
    answer_many(survey, 5, organisation=world.school_a, text_prefix="Aata")
    answer_many(survey, 8, organisation=world.school_b, text_prefix="Beetä")
    survey.status = "closed"
    survey.save()
    client.force_login(world.coordinator)
    whole = client.get(results_url(survey)).content.decode()
    assert "Aata 0" in whole and "Beetä 0" in whole
    # Kept: an answer written straight into the database (a closed survey takes none) is
    # not counted again.
    answer_many(survey, 1, organisation=world.school_b, text_prefix="Myöhään")
    assert "Kaikki vastaukset: 13 vastausta." in client.get(results_url(survey)).content.decode()
    cache.clear()
    caches["kept"].clear()  # gone from the workers' shared cache too
    assert "Kaikki vastaukset: 14 vastausta." in client.get(results_url(survey)).content.decode()

    client.force_login(world.manager)
    own = client.get(results_url(survey)).content.decode()
    assert "Aata 0" in own and "Beetä" not in own

    world.coordinator.preferred_language = "sv"
    world.coordinator.save(update_fields=["preferred_language"])
    client.force_login(world.coordinator)
    client.post(reverse("accounts:language"), {"language": "sv", "next": "/"})
    assert "Medelvärde" in client.get(results_url(survey)).content.decode()
