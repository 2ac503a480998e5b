"""The pre/post report's page and downloads (part P): who reads it, the filter keeping bad
input with a message, the PDF's text and the XLSX's sheets."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.evaluation.factories import seed004
from tests.factories import UserFactory
from tests.programmes.factories import ParticipantFactory
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.selectors import prepost

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _finnish() -> Iterator[None]:
    with translation.override("fi"):
        yield


def url(s, suffix: str = "/") -> str:  # type: ignore[no-untyped-def]
    return f"/evaluation/programmes/{s.programme.pk}/prepost{suffix}"


def test_the_coordinator_reads_the_report(client):
    s = seed004()
    client.force_login(s.coordinator)
    response = client.get(url(s), HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Alku- ja loppuarviointi: Työvalmentajakoulutus (WIRE 3)" in page
    assert "Täydet parit" in page
    assert 'role="img"' in page and "Vastausjakaumat alussa ja lopussa" in page
    assert "Muutos on tilastollisesti merkitsevä" in page
    # The organisations under five are named with the reason they can't be chosen.
    assert "Katulähetys" in page and "Näitä organisaatioita ei voi valita" in page
    assert "prepost.pdf" in page and "prepost.xlsx" in page


def test_the_steering_group_reads_it_and_a_participant_does_not(client):
    s = seed004()
    member = UserFactory()
    with scopes_disabled():
        s.programme.steering_group.add(member)
    client.force_login(member)
    assert client.get(url(s)).status_code == 200
    participant = s.people[0]
    client.force_login(participant)
    assert client.get(url(s)).status_code in (403, 404)
    assert client.get(url(s, ".pdf")).status_code in (403, 404)


def test_a_filter_applies_and_bad_input_is_kept_with_a_message(client):
    s = seed004()
    client.force_login(s.coordinator)
    report = prepost.prepost_report(user=s.coordinator, programme=s.programme)
    tekeva = next(o for o in report.organisations if o.name == "Tekevä")
    small = next(o for o in report.organisations if o.name == "Katulähetys")
    page = client.get(url(s), {"org": tekeva.pk}).content.decode()
    assert "<dd>Tekevä</dd>" in page
    assert f"prepost.pdf?org={tekeva.pk}" in page
    for bad in (str(small.pk), "abc", "-1", "99999999999999999999999"):
        response = client.get(url(s), {"org": bad, "with": "x"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Valitse oikea vaihtoehto" in page
        assert "<dd>Kaikki</dd>" in page  # the whole report instead


def test_the_pdf_has_the_headings_and_the_pair_count(client):
    s = seed004()
    client.force_login(s.coordinator)
    response = client.get(url(s, ".pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for heading in ("Vastaajat ja parit", "Ammatillinen osaaminen", "Asiakkaan ohjaus"):
        assert heading in text
    assert "Täydet parit\n12" in text
    assert "Wilcoxonin" in text and "Sivu 1 /" in text


def test_the_xlsx_has_a_sheet_per_table_with_the_same_numbers(client):
    s = seed004()
    client.force_login(s.coordinator)
    response = client.get(url(s, ".xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Raportti"
    assert "Osa-alueet" in book.sheetnames
    summary = [row for row in book["Osa-alueet"].iter_rows(values_only=True)]
    assert summary[1][:2] == ("Osa-alue", "Pareja")
    assert all(row[1] == 12 for row in summary[2:])
    facts = {row[0]: row[1] for row in book["Raportti"].iter_rows(values_only=True) if row[0]}
    assert facts["Täydet parit"] == 12


def test_other_formats_are_not_found(client):
    s = seed004()
    client.force_login(s.coordinator)
    for fmt in (".csv", ".PDF", ".html"):
        assert client.get(url(s, fmt)).status_code == 404


def test_a_participant_is_refused_even_with_a_participation(client):
    s = seed004()
    outsider = UserFactory()
    ParticipantFactory(programme=s.programme, person=outsider)
    client.force_login(outsider)
    assert client.get(url(s)).status_code in (403, 404)


def test_a_programme_without_surveys_links_to_choosing_them(client):
    s = seed004()
    with scopes_disabled():
        s.evaluation.post_survey = None
        s.evaluation.save()
    client.force_login(s.coordinator)
    page = client.get(url(s)).content.decode()
    assert "ei ole liitetty sekä alku- että loppuarviointia" in page
    assert f"/evaluation/programmes/{s.programme.pk}/surveys/" in page
    assert "Lataa PDF" not in page


def test_another_cohort_is_added_with_a_checkbox(client):
    s = seed004()
    second = seed004(organisation=s.organisation, seed=7)
    client.force_login(s.coordinator)
    page = client.get(url(s)).content.decode()
    assert 'type="checkbox" name="with"' in page and second.programme.name in page
    page = client.get(url(s), {"with": second.evaluation.pk}).content.decode()
    assert "<dt>Mukana myös</dt>" in page
    assert f"prepost.xlsx?with={second.evaluation.pk}" in page
    response = client.get(url(s, ".xlsx"), {"with": second.evaluation.pk})
    book = load_workbook(io.BytesIO(response.content))
    facts = {row[0]: row[1] for row in book["Raportti"].iter_rows(values_only=True) if row[0]}
    assert facts["Täydet parit"] == 24


def test_the_page_makes_the_same_queries_for_ten_times_the_answers(
    client, django_assert_max_num_queries
):
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.evaluation.test_prepost_report import _grow

    s = seed004()
    client.force_login(s.coordinator)
    client.get(url(s))  # the session and the menus settle
    caches["kept"].clear()
    caches["default"].clear()
    client.force_login(s.coordinator)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(s)).status_code == 200
    _grow(s, 150)
    caches["kept"].clear()
    caches["default"].clear()
    client.force_login(s.coordinator)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url(s))
    assert "162" in response.content.decode()
