"""The funder report (part D): a programme's report composed of the other reports' sections
(seed 004: the funnel, the pre/post pairs, the feedback's mean 8), an area's tutoring impact
and its programmes over a period; the PDF carries the headings, the numbers and page
numbers; the XLSX opens with a sheet per table; bad choices are form errors, never a 500;
query counts stay the same for ten times the answers."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import World
from tests.evaluation import impact_setup
from tests.evaluation.factories import Seed004, seed004
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.programmes.factories import ParticipantFactory, ProgrammeFactory
from tests.surveys.factories import respond
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.selectors import funder
from tutori.evaluation.selectors.impact import term_of
from tutori.programmes.models import Participant, Programme
from tutori.surveys.models import Question

pytestmark = pytest.mark.django_db

URL = reverse("evaluation:funder")


@pytest.fixture(autouse=True)
def _finnish() -> Iterator[None]:
    with translation.override("fi"):
        yield


@pytest.fixture
def seed() -> Seed004:
    return seed004()


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_programme_report_composes_every_part(client, seed):
    client.force_login(seed.coordinator)
    response = client.get(URL, {"programme": seed.programme.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rahoittajaraportti: Työvalmentajakoulutus (WIRE 3)" in html
    for heading in (
        "Koulutus",
        "Koulutuksen eteneminen",
        "Keskeyttämisen syyt",
        "Vastaajat ja parit",
        "Ammatillinen osaaminen",
        "Palautekysely",
    ):
        assert f">{heading}</h2>" in html, heading
    document = response.context["document"]
    # The funder report shows the very sections of the parts' own reports.
    titles = [s.title for s in document.sections]
    assert titles.index("Koulutuksen eteneminen") < titles.index("Vastaajat ja parit")
    assert titles.index("Vastaajat ja parit") < titles.index("Palautekysely")
    assert ("Osallistujia", "16") in document.facts
    # The download links keep the choice.
    assert f"funder.pdf?programme={seed.programme.pk}" in html


def test_the_pdf_carries_headings_numbers_and_page_numbers(client, seed):
    client.force_login(seed.coordinator)
    response = client.get(
        reverse("evaluation:funder_export", args=["pdf"]), {"programme": seed.programme.pk}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    flat = " ".join(text.split())
    assert "Rahoittajaraportti: Työvalmentajakoulutus (WIRE 3)" in flat
    for heading in ("Koulutuksen eteneminen", "Keskeyttämisen syyt", "Palautekysely"):
        assert heading in flat
    # The seed's funnel and pairs: 16 started, 12 completed, 12 pairs; the mean grade 8.
    assert "Hakeneet 16" in flat
    assert "Suorittaneet 12" in flat
    assert "Pareja" in flat or "parit" in flat.lower()
    assert " 12 " in flat
    assert "8,0" in flat or "Keskiarvo 8" in flat
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    assert pages > 1
    assert f"Sivu 1 / {pages}" in flat
    assert f"Sivu {pages} / {pages}" in flat


def test_the_xlsx_opens_with_a_sheet_per_table(client, seed):
    client.force_login(seed.coordinator)
    response = client.get(
        reverse("evaluation:funder_export", args=["xlsx"]), {"programme": seed.programme.pk}
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Raportti"
    assert len(workbook.sheetnames) > 5
    summary = workbook["Raportti"]
    assert summary["A1"].value == "Rahoittajaraportti: Työvalmentajakoulutus (WIRE 3)"
    # Numbers stay numbers: the funnel's first row is 16.
    values = [
        row
        for name in workbook.sheetnames[1:]
        for row in workbook[name].iter_rows(values_only=True)
    ]
    assert ("Hakeneet", 16, 100) in values or any(
        row[:2] == ("Hakeneet", 16) for row in values if len(row) >= 2
    )


def test_page_pdf_and_xlsx_show_the_same_document(client, seed):
    client.force_login(seed.coordinator)
    page = client.get(URL, {"programme": seed.programme.pk}).context["document"]
    with translation.override("fi"), scopes_disabled():
        again = funder.programme_document(user=seed.coordinator, programme=seed.programme)
    assert [t.rows for t in page.tables()] == [t.rows for t in again.tables()]


def test_a_programme_without_pre_post_says_so(client):
    coordinator = UserFactory()
    organiser = OrganisationFactory()
    MembershipFactory(user=coordinator, organisation=organiser, coordinator=True)
    programme = ProgrammeFactory(organisation=organiser, status=Programme.Status.FINISHED)
    for _n in range(3):
        ParticipantFactory(programme=programme, status=Participant.Status.COMPLETED)
    client.force_login(coordinator)
    response = client.get(URL, {"programme": programme.pk})
    html = response.content.decode()
    assert "Koulutukseen ei ole liitetty alku- ja loppuarviointia." in html
    assert "Koulutukseen ei ole liitetty palautekyselyä." in html
    # Three participants: the count is "< 5" in the facts and the figures.
    assert ("Osallistujia", "< 5") in response.context["document"].facts
    text = " ".join(
        _pdf_text(
            client.get(
                reverse("evaluation:funder_export", args=["pdf"]), {"programme": programme.pk}
            ).content
        ).split()
    )
    assert "Osallistujia < 5" in text


def test_another_organisations_programme_is_a_form_error_not_a_report(client, seed):
    outsider = UserFactory()
    MembershipFactory(user=outsider, organisation=OrganisationFactory(), coordinator=True)
    client.force_login(outsider)
    response = client.get(URL, {"programme": seed.programme.pk})
    assert response.status_code == 200
    assert response.context["document"] is None
    html = response.content.decode()
    assert "Valitse koulutus listasta" in html
    assert seed.programme.name not in html
    export = client.get(
        reverse("evaluation:funder_export", args=["pdf"]), {"programme": seed.programme.pk}
    )
    assert export.status_code == 404


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999999", "1.5", ""])
def test_odd_programme_values_are_form_errors(client, seed, value):
    client.force_login(seed.coordinator)
    response = client.get(URL, {"programme": value})
    assert response.status_code == 200
    assert response.context["document"] is None
    assert response.context["programme_form"].errors


def test_a_steering_group_member_reads_the_programme_report(client, seed):
    member = UserFactory()
    seed.programme.steering_group.add(member)
    client.force_login(member)
    response = client.get(URL, {"programme": seed.programme.pk})
    assert response.status_code == 200
    assert response.context["document"] is not None
    # Not overseeing tutoring: no area choice.
    assert response.context["area_form"] is None


def test_a_format_other_than_pdf_or_xlsx_is_not_found(client, seed):
    client.force_login(seed.coordinator)
    url = reverse("evaluation:funder_export", args=["csv"])
    assert client.get(url, {"programme": seed.programme.pk}).status_code == 404


def test_someone_without_programmes_or_oversight_is_refused(client):
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403
    assert client.get(reverse("evaluation:funder_export", args=["pdf"])).status_code == 403


# --- An area and a period --------------------------------------------------------------------


def test_an_area_report_has_tutoring_impact_and_the_programmes(client, world: World):
    impact = impact_setup.build(world)
    term = impact.term
    programme = ProgrammeFactory(
        organisation=world.oulu,
        name="Oulun tutorkoulutus",
        starts_on=term.start + dt.timedelta(days=10),
        ends_on=term.start + dt.timedelta(days=40),
    )
    for _n in range(6):
        ParticipantFactory(programme=programme, status=Participant.Status.COMPLETED)
    ProgrammeFactory(
        organisation=world.kemi,
        name="Kemin koulutus",
        starts_on=term.start,
        ends_on=term.end,
    )
    ProgrammeFactory(
        organisation=world.oulu,
        name="Vanha koulutus",
        starts_on=term.start - dt.timedelta(days=800),
        ends_on=term.start - dt.timedelta(days=700),
    )
    client.force_login(world.coordinator)
    response = client.get(URL, {"area": "1", "start": term.key, "end": term.key})
    assert response.status_code == 200
    document = response.context["document"]
    titles = [s.title for s in document.sections]
    assert "Koulutukset" in titles
    assert len(titles) > 2  # tutoring impact's sections come first
    listed = [
        row[0]
        for table in document.tables()
        if table.title == "Koulutukset ajanjaksolla"
        for row in table.rows
    ]
    assert listed == ["Oulun tutorkoulutus"]
    assert "Kemin koulutus" not in response.content.decode()
    pdf = client.get(
        reverse("evaluation:funder_export", args=["pdf"]),
        {"area": "1", "start": term.key, "end": term.key},
    )
    flat = " ".join(_pdf_text(pdf.content).split())
    assert "Oulun tutorkoulutus" in flat
    assert "Sivu 1 /" in flat


def test_an_area_out_of_reach_or_a_backwards_period_is_a_form_error(client, world: World):
    client.force_login(world.coordinator)
    term = term_of()
    response = client.get(URL, {"area": "1", "unit": str(world.school_k.pk)})
    assert response.context["document"] is None
    assert "Valitse alue listasta" in response.content.decode()
    backwards = client.get(URL, {"area": "1", "start": term.key, "end": term.before().key})
    assert backwards.context["document"] is None
    assert "Päättymislukukausi ei voi olla ennen alkamislukukautta." in (backwards.content.decode())
    # What was chosen stays chosen.
    assert f'<option value="{term.key}" selected' in backwards.content.decode()
    odd = client.get(URL, {"area": "1", "start": "2026-9", "unit": "x"})
    assert odd.status_code == 200
    assert odd.context["document"] is None


def test_a_teacher_gets_no_area_report(client, world: World):
    client.force_login(world.member)
    assert client.get(URL, {"area": "1"}).status_code == 403


# --- Query counts ------------------------------------------------------------------------------


def _more_answers(seed: Seed004, people: int) -> None:
    """``people`` more participants of the seed's programme who answered before and after."""
    with scopes_disabled():
        pre = {q.key: q for q in Question.objects.filter(survey=seed.pre, kind="likert")}
        post = {q.key: q for q in Question.objects.filter(survey=seed.post, kind="likert")}
    home = seed.programme.organisation
    for n in range(people):
        person = UserFactory()
        ParticipantFactory(
            programme=seed.programme,
            person=person,
            organisation=home,
            status=Participant.Status.COMPLETED,
        )
        respond(seed.pre, {q: 2 + n % 3 for q in pre.values()}, person=person, organisation=home)
        respond(seed.post, {q: 3 + n % 3 for q in post.values()}, person=person, organisation=home)


def test_query_count_is_the_same_for_ten_times_the_answers(
    client, seed, django_assert_max_num_queries
):
    client.force_login(seed.coordinator)
    client.get(URL, {"programme": seed.programme.pk})  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"programme": seed.programme.pk})
    _more_answers(seed, 150)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL, {"programme": seed.programme.pk})
    assert response.status_code == 200


def test_in_the_menu_of_coordinators_and_overseers_only(client, world: World):
    for user in (world.coordinator, world.manager):
        client.force_login(user)
        assert f'href="{URL}"' in client.get(reverse("dashboard:dashboard")).content.decode()
    for user in (world.member, world.tutor):
        client.force_login(user)
        assert f'href="{URL}"' not in client.get(reverse("dashboard:dashboard")).content.decode()


def test_an_areas_small_programme_shows_under_five(client, world: World):
    term = term_of()
    programme = ProgrammeFactory(
        organisation=world.oulu,
        name="Pieni koulutus",
        starts_on=term.start,
        ends_on=term.start + dt.timedelta(days=30),
    )
    for _n in range(3):
        ParticipantFactory(programme=programme, status=Participant.Status.COMPLETED)
    client.force_login(world.coordinator)
    document = client.get(URL, {"area": "1"}).context["document"]
    funnel = next(t for t in document.tables() if t.title == "Koulutusten eteneminen")
    assert funnel.rows == [["Pieni koulutus", "< 5", "< 5", "< 5", "< 5"]]


def test_an_areas_query_count_is_the_same_for_more_tutoring(
    client, world: World, django_assert_max_num_queries
):
    impact = impact_setup.build(world)
    ProgrammeFactory(
        organisation=world.oulu,
        name="Koulutus",
        starts_on=impact.term.start,
        ends_on=impact.term.end,
    )
    query = {"area": "1", "start": impact.term.key, "end": impact.term.key}
    client.force_login(world.coordinator)
    client.get(URL, query)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(URL, query)
    impact_setup.more(world, impact.term, 40)
    for n in range(5):
        ProgrammeFactory(
            organisation=world.oulu,
            name=f"Koulutus {n}",
            starts_on=impact.term.start,
            ends_on=impact.term.end,
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(URL, query).status_code == 200


def test_an_overseer_without_programmes_chooses_only_an_area(client, world: World):
    client.force_login(world.manager)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["programme_form"] is None
    html = response.content.decode()
    assert "Koulutuksen raportti" not in html
    assert "Alueen raportti" in html


@pytest.mark.parametrize(
    ("language", "title", "page"),
    [("sv", "Rapport till finansiären", "Sida"), ("en", "Funder report", "Page")],
)
def test_the_report_reads_in_swedish_and_english(client, seed, language, title, page):
    seed.coordinator.preferred_language = language
    seed.coordinator.save(update_fields=["preferred_language"])
    client.force_login(seed.coordinator)
    response = client.get(URL, {"programme": seed.programme.pk}, HTTP_ACCEPT_LANGUAGE=language)
    assert f"{title}: Työvalmentajakoulutus (WIRE 3)" in response.content.decode()
    pdf = client.get(
        reverse("evaluation:funder_export", args=["pdf"]),
        {"programme": seed.programme.pk},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    flat = " ".join(_pdf_text(pdf.content).split())
    assert f"{title}: Työvalmentajakoulutus (WIRE 3)" in flat
    assert f"{page} 1 /" in flat


def test_no_two_area_choices_give_a_small_group_by_subtraction(client, world: World):
    """The programmes' table has a row per programme and no totals: a programme's row is the
    same in the whole area's report and in its unit's, so no difference of two reports
    gives anything (tutoring impact's own figures defend themselves, part C)."""
    term = term_of()
    for name, organisation, people in (
        ("Koulun A koulutus", world.school_a, 7),
        ("Kunnan koulutus", world.oulu, 3),
    ):
        programme = ProgrammeFactory(
            organisation=organisation, name=name, starts_on=term.start, ends_on=term.end
        )
        for _n in range(people):
            ParticipantFactory(programme=programme, status=Participant.Status.COMPLETED)
    client.force_login(world.coordinator)

    def funnel(**query: str) -> dict[str, list[object]]:
        document = client.get(URL, {"area": "1", **query}).context["document"]
        table = next(t for t in document.tables() if t.title == "Koulutusten eteneminen")
        assert table.total is None
        return {row[0]: list(row) for row in table.rows}

    whole = funnel()
    unit = funnel(unit=str(world.school_a.pk))
    assert set(whole) == {"Koulun A koulutus", "Kunnan koulutus"}
    assert unit == {"Koulun A koulutus": whole["Koulun A koulutus"]}
    assert whole["Kunnan koulutus"][1:] == ["< 5"] * 4
