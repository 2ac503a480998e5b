"""The feedback and attrition pages and their downloads (part B): the seed's numbers on the
page, in the PDF and in the XLSX; who may read them; a constant number of queries."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.evaluation.factories import Seed004, seed004
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.programmes.factories import AttendanceFactory, ParticipantFactory, SessionFactory
from tests.surveys.factories import respond
from tutori.core.scoping import scopes_disabled
from tutori.programmes.models import Participant
from tutori.surveys.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def data() -> Seed004:
    return seed004()


@pytest.fixture
def signed_in(client, data: Seed004) -> Iterator[object]:  # type: ignore[no-untyped-def]
    client.force_login(data.coordinator)
    yield client


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- Feedback -------------------------------------------------------------------------------


def test_feedback_page_shows_the_grades_mean_and_the_reasons(signed_in, data) -> None:  # type: ignore[no-untyped-def]
    response = signed_in.get(reverse("evaluation:feedback", args=[data.programme.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Palaute: Työvalmentajakoulutus (WIRE 3)" in html
    assert "Minkä kouluarvosanan antaisit koulutukselle kokonaisuutena?" in html
    assert "8,0" in html  # the mean
    assert "Perustelu 1" in html and "Perustelu 12" in html
    assert "&lt; 5" in html
    assert 'role="img"' in html  # the chart, with its table beside it


def test_feedback_texts_are_paged_per_question(signed_in, data) -> None:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        reason = Question.objects.get(survey=data.feedback, key="cf_reason")
    for i in range(60):
        respond(data.feedback, {reason: f"Lisävastaus {i:02d}"}, submitted_on=dt.date(2026, 5, 22))
    url = reverse("evaluation:feedback", args=[data.programme.pk])
    first = signed_in.get(url).content.decode()
    assert "Sivu 1 / 2" in first and f"t{reason.pk}=2" in first
    second = signed_in.get(url, {f"t{reason.pk}": "2"}).content.decode()
    assert "Sivu 2 / 2" in second
    # Odd page numbers fall back to a page, never an error.
    assert signed_in.get(url, {f"t{reason.pk}": "x'"}).status_code == 200


def test_feedback_pdf_and_xlsx_hold_the_same_numbers_and_every_text(signed_in, data) -> None:  # type: ignore[no-untyped-def]
    pdf = signed_in.get(reverse("evaluation:feedback_export", args=[data.programme.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    for expected in ("Palaute: Työvalmentajakoulutus", "8,0", "Perustelu 12", "Sivu 1 / "):
        assert expected in text
    xlsx = signed_in.get(reverse("evaluation:feedback_export", args=[data.programme.pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(xlsx.content))
    reasons = workbook["Perustele arvosanasi."]
    values = [row[0] for row in reasons.iter_rows(min_row=3, values_only=True)]
    assert sorted(v for v in values if v) == sorted(f"Perustelu {i}" for i in range(1, 13))
    summary = [row for row in workbook["Raportti"].iter_rows(values_only=True)]
    assert ("Keskiarvo", 8.0) in summary


def test_an_unknown_format_is_not_found(signed_in, data) -> None:  # type: ignore[no-untyped-def]
    for name in ("evaluation:feedback_export", "evaluation:attrition_export"):
        assert signed_in.get(reverse(name, args=[data.programme.pk, "csv"])).status_code == 404


def test_steering_group_reads_a_trainer_does_not(client, data) -> None:  # type: ignore[no-untyped-def]
    steering, trainer = UserFactory(), UserFactory()
    with scopes_disabled():
        data.programme.steering_group.add(steering)
        data.programme.trainers.add(trainer)
    for name in ("evaluation:feedback", "evaluation:attrition"):
        url = reverse(name, args=[data.programme.pk])
        client.force_login(steering)
        assert client.get(url).status_code == 200
        client.force_login(trainer)
        assert client.get(url).status_code == 403


def _more_feedback(data: Seed004, n: int) -> None:
    with scopes_disabled():
        grade = Question.objects.get(survey=data.feedback, key="cf_grade")
        reason = Question.objects.get(survey=data.feedback, key="cf_reason")
        useful = Question.objects.get(survey=data.feedback, key="cf_useful")
    for i in range(n):
        respond(
            data.feedback,
            {grade: 4 + i % 7, reason: f"Syy {i}", useful: "Kaikki"},
            submitted_on=dt.date(2026, 5, 22),
        )


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    client.get(url)  # the session and the menu are read once, then kept
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_feedback_page_queries_do_not_grow_with_the_answers(
    signed_in, data, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("evaluation:feedback", args=[data.programme.pk])
    _more_feedback(data, 12)  # every question answered: 24 responses, then 10× more
    small = _queries(signed_in, url)
    _more_feedback(data, 216)
    assert _queries(signed_in, url) == small
    with django_assert_max_num_queries(25):
        signed_in.get(url)


# --- Attrition ------------------------------------------------------------------------------


def test_attrition_page_shows_the_seeds_funnel_and_reasons(signed_in, data) -> None:  # type: ignore[no-untyped-def]
    response = signed_in.get(reverse("evaluation:attrition", args=[data.programme.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for expected in (
        "Hakeneet",
        "Aloittaneet",
        "Vastasivat loppuarviointiin",
        "siirtyi muihin tehtäviin",
        "ei ehtinyt",
        "Tekevä",
        "Muut organisaatiot (3)",
        "75",
    ):
        assert expected in html
    assert "Katulähetys" not in html  # four people: merged into the rest


def test_attrition_pdf_and_xlsx(signed_in, data) -> None:  # type: ignore[no-untyped-def]
    pdf = signed_in.get(reverse("evaluation:attrition_export", args=[data.programme.pk, "pdf"]))
    text = _pdf_text(pdf.content)
    for expected in ("Osallistujien eteneminen", "Keskeyttämisen syyt", "Suorittaneet", "Sivu 1"):
        assert expected in text
    xlsx = signed_in.get(reverse("evaluation:attrition_export", args=[data.programme.pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(xlsx.content))
    rows = list(workbook["Eteneminen"].iter_rows(min_row=3, values_only=True))
    assert [row[1] for row in rows[:5]] == [16, 16, 16, 12, 12]
    assert "Organisaatioittain" in workbook.sheetnames


def _more_participants(data: Seed004, n: int) -> None:
    session = SessionFactory(programme=data.programme, date=data.programme.starts_on)
    with scopes_disabled():
        likert = list(Question.objects.filter(survey=data.post, kind=Question.Kind.LIKERT)[:1])
    for i in range(n):
        home = OrganisationFactory(parent=data.organisation) if i % 10 == 0 else home  # noqa: F821
        person = UserFactory()
        MembershipFactory(user=person, organisation=home)
        participant = ParticipantFactory(
            programme=data.programme,
            person=person,
            organisation=home,
            status=Participant.Status.COMPLETED,
        )
        AttendanceFactory(session=session, participant=participant)
        respond(data.post, {likert[0]: 3}, person=person, organisation=home)


def test_attrition_page_queries_do_not_grow_with_the_participants(
    signed_in, data, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("evaluation:attrition", args=[data.programme.pk])
    small = _queries(signed_in, url)
    _more_participants(data, 144)  # 16 participants, then 10× as many
    assert _queries(signed_in, url) == small
    with django_assert_max_num_queries(20):
        signed_in.get(url)


def test_a_programme_without_an_evaluation_says_what_is_missing(client, data) -> None:  # type: ignore[no-untyped-def]
    from tests.programmes.factories import ProgrammeFactory

    programme = ProgrammeFactory(organisation=data.organisation)
    client.force_login(data.coordinator)
    feedback_page = client.get(reverse("evaluation:feedback", args=[programme.pk])).content
    assert "Koulutukseen ei ole liitetty palautekyselyä." in feedback_page.decode()
    assert reverse("evaluation:link", args=[programme.pk]) in feedback_page.decode()
    attrition_page = client.get(reverse("evaluation:attrition", args=[programme.pk])).content
    assert "ei ole liitetty loppuarviointia" in attrition_page.decode()
    assert reverse("evaluation:prepost", args=[programme.pk]) in attrition_page.decode()
