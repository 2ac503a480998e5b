"""Tutoring impact's page, its PDF and XLSX (the same numbers), the filter's bad input, the
menu entry, and a constant number of queries for a small and a ten times bigger report."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import World
from tests.evaluation.impact_setup import Impact, build, more

URL = reverse("evaluation:impact")


@pytest.fixture
def impact(world: World) -> Impact:
    return build(world)


def test_page_shows_the_report(client, impact: Impact) -> None:
    client.force_login(impact.world.coordinator)
    page = client.get(URL).content.decode()
    for text in (
        "Tutoroinnin vaikuttavuus",
        "Kouluittain",
        "Kuukausittain",
        "Aiheittain",
        "Opettajat, jotka saivat tutorointia",
        "Sijaiskulut tutorointituntia kohden",
        "Kehitys neljän lukukauden aikana",
        "Koulu A",
        "80,43",  # € per tutoring hour in Koulu A
        "50,0",  # share of Koulu A's teachers
        "<svg",
        "Samat luvut ovat taulukossa.",
    ):
        assert text in page, text
    assert "Koulu K" not in page


def test_filter_keeps_bad_input_and_says_why(client, impact: Impact) -> None:
    client.force_login(impact.world.coordinator)
    response = client.get(URL, {"unit": "99999999999999999999", "term": "kevät"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "99999999999999999999" not in page or "Valitse oikea vaihtoehto" in page
    assert "Valitse oikea vaihtoehto" in page
    # The defaults are shown: every unit of the reader, the current term.
    assert "Kaikki seuraamasi yksiköt" in page and "Koulu A" in page


def test_another_municipalitys_school_is_not_a_choice(client, impact: Impact) -> None:
    client.force_login(impact.world.outsider)
    page = client.get(URL, {"unit": impact.world.school_a.pk}).content.decode()
    assert "Valitse oikea vaihtoehto" in page
    assert "Koulu A" not in page


def test_unit_and_term(client, impact: Impact) -> None:
    w = impact.world
    client.force_login(w.coordinator)
    page = client.get(URL, {"unit": w.school_b.pk, "term": impact.term.key}).content.decode()
    assert "Koulu B" in page and impact.term.label in page
    before = impact.term.before()
    page = client.get(URL, {"term": before.key}).content.decode()
    assert before.label in page


def test_pdf_and_xlsx_have_the_same_numbers(client, impact: Impact) -> None:
    client.force_login(impact.world.coordinator)
    pdf = client.get(reverse("evaluation:impact_export", args=["pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "tutoroinnin-vaikuttavuus" in pdf["Content-Disposition"]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for words in ("Tutoroinnin vaikuttavuus", "Kouluittain", "Koulu A", "80,43", "Sivu 1"):
        assert words in text, words
    xlsx = client.get(reverse("evaluation:impact_export", args=["xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert {"Raportti", "Koulut", "Opettajat", "Sijaiskulut", "Kehitys"} <= set(book.sheetnames)
    rows = list(book["Sijaiskulut"].iter_rows(values_only=True))
    koulu_a = next(row for row in rows if row[0] == "Koulu A")
    assert koulu_a[1] == 185 and koulu_a[3] == pytest.approx(80.43)
    schools = list(book["Koulut"].iter_rows(values_only=True))
    assert next(row for row in schools if row[0] == "Koulu B")[3] == "< 5"


def test_unknown_format_is_404(client, impact: Impact) -> None:
    client.force_login(impact.world.coordinator)
    assert client.get(reverse("evaluation:impact_export", args=["csv"])).status_code == 404


def test_in_the_menu_of_overseers_only(client, impact: Impact) -> None:
    w = impact.world
    client.force_login(w.manager)
    assert URL in client.get(reverse("dashboard:dashboard")).content.decode()
    client.force_login(w.member)
    assert URL not in client.get(reverse("dashboard:dashboard")).content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_constant(client, impact: Impact, django_assert_max_num_queries) -> None:
    w = impact.world
    client.force_login(w.coordinator)
    filtered = f"{URL}?unit={w.school_a.pk}"
    client.get(URL)  # the first request of a session reads more (its session, the menus)
    small = (_queries(client, URL), _queries(client, filtered))
    more(w, impact.term, 60)
    big = (_queries(client, URL), _queries(client, filtered))
    assert small == big
    with django_assert_max_num_queries(25):
        client.get(filtered)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", ["Tutoreringens effekt", "Per skola", "Andelen lärare som fått tutorering"]),
        ("en", ["Impact of tutoring", "By school", "Trend over four terms", "Planning"]),
    ],
)
def test_in_swedish_and_english(client, impact: Impact, language: str, words: list[str]) -> None:
    user = impact.world.coordinator
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    client.post(reverse("accounts:language"), {"language": language, "next": "/"})
    page = client.get(URL).content.decode()
    for text in words:
        assert text in page, text
    assert "Tutoroinnin vaikuttavuus" not in page
    xlsx = client.get(reverse("evaluation:impact_export", args=["xlsx"]))
    assert "Tutoroinnin" not in str(load_workbook(io.BytesIO(xlsx.content)).sheetnames)


def test_the_page_links_the_funder_report_of_the_same_area_and_term(client, impact: Impact) -> None:
    from django.utils.http import urlencode

    from tutori.evaluation.selectors.impact import term_of

    client.force_login(impact.world.coordinator)
    unit = impact.world.school_a
    term = term_of()
    page = client.get(URL, {"unit": unit.pk, "term": term.key}).content.decode()
    query = urlencode({"area": "1", "unit": unit.pk, "start": term.key, "end": term.key})
    link = f"{reverse('evaluation:funder')}?{query}".replace("&", "&amp;")
    assert link in page
    # The funder report it opens is that area's.
    report = client.get(f"{reverse('evaluation:funder')}?{query}")
    assert report.status_code == 200
    assert report.context["document"] is not None
    assert unit.name in report.content.decode()
