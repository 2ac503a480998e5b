"""The pre/post report (part P): seed 004's pairs, the statistics of each statement and area
against values computed by hand from the fixture, suppression of small groups including
the subtraction attack through the organisation filter and other cohorts, anonymous
surveys, and a constant number of queries."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from scipy.stats import wilcoxon

from tests.evaluation.factories import ProgrammeEvaluationFactory, Seed004, installed, seed004
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.programmes.factories import ProgrammeFactory
from tests.surveys.factories import respond
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.document import Chart, Document, Figures, Table, Text
from tutori.evaluation.selectors import prepost
from tutori.orgs.models import Organisation, OrganisationKind, Role
from tutori.programmes.models import Programme
from tutori.surveys import instruments
from tutori.surveys.instruments import survey_from_instrument
from tutori.surveys.models import Question, Survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _finnish() -> Iterator[None]:
    with translation.override("fi"):
        yield


def figures(document: Document) -> dict[str, Any]:
    block = document.sections[0].blocks[0]
    assert isinstance(block, Figures)
    return dict(block.items)


def tables(document: Document) -> dict[str, Table]:
    return {t.title: t for t in document.tables()}


def texts(document: Document) -> list[str]:
    return [b.text for s in document.sections for b in s.blocks if isinstance(b, Text)]


def areas_of(survey: Survey) -> dict[str, list[str]]:
    """{area title: statement keys} of a survey."""
    out: dict[str, list[str]] = defaultdict(list)
    with scopes_disabled():
        for q in (
            Question.objects.filter(survey=survey, kind=Question.Kind.LIKERT)
            .select_related("section")
            .order_by("section__order", "order", "pk")
        ):
            out[q.section.title].append(q.key)
    return out


def statement_text(survey: Survey, key: str) -> str:
    with scopes_disabled():
        return Question.objects.get(survey=survey, key=key).text


# --- Pairing and statistics ------------------------------------------------------------------


def test_seed004_has_twelve_pairs_four_pre_only_and_no_post_only():
    s = seed004()
    report = prepost.prepost_report(user=s.coordinator, programme=s.programme)
    assert report.totals is not None
    assert (report.totals.pairs, report.totals.pre_only, report.totals.post_only) == (12, 4, 0)
    # Counts under five are "< 5" as everywhere (why people left: the attrition report).
    assert figures(report.document) == {
        "Vastasi alussa": 16,
        "Vastasi lopussa": 12,
        "Täydet parit": 12,
        "Vain alussa": "< 5",
        "Vain lopussa": "< 5",
    }


def _dec(value: Fraction | float, places: int = 2) -> Decimal:
    return (
        Decimal(str(float(value))).quantize(Decimal(1).scaleb(-places))
        if not isinstance(value, Fraction)
        else (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            Decimal(1).scaleb(-places)
        )
    )


def test_each_statement_and_area_against_the_fixture_by_hand():
    s = seed004()
    document = prepost.prepost_document(user=s.coordinator, programme=s.programme)
    found = tables(document)
    for area, keys in areas_of(s.pre).items():
        rows = {row[0]: row for row in found[f"Muutos pareittain: {area}"].rows}
        people = sorted(s.post_answers)
        for key in keys:
            before = [s.pre_answers[i][key] for i in people]
            after = [s.post_answers[i][key] for i in people]
            diffs = [a - b for a, b in zip(after, before, strict=True)]
            row = rows[statement_text(s.pre, key)]
            assert row[1] == 12
            assert row[2] == _dec(Fraction(sum(before), 12))
            assert row[3] == _dec(Fraction(sum(after), 12))
            assert row[4] == _dec(Fraction(sum(diffs), 12))
            assert row[5] == _dec(Fraction(statistics.median(diffs)).limit_denominator())
            p = wilcoxon(diffs, zero_method="wilcox", method="asymptotic").pvalue
            assert row[6] == (_dec(p, 3) if p >= 0.001 else "< 0,001")
        # The area: each person's mean of the area's statements.
        changes = [
            Fraction(sum(s.post_answers[i][k] - s.pre_answers[i][k] for k in keys), len(keys))
            for i in people
        ]
        area_row = rows["Osa-alue (henkilön väittämien keskiarvo)"]
        assert area_row[1] == 12
        assert area_row[4] == _dec(sum(changes) / 12)
        assert area_row[5] == _dec(Fraction(statistics.median(changes)))
        p = wilcoxon([float(c) for c in changes], zero_method="wilcox", method="asymptotic").pvalue
        assert area_row[6] == (_dec(p, 3) if p >= 0.001 else "< 0,001")
    assert any("Muutos on tilastollisesti merkitsevä" in t for t in texts(document))


def test_pairs_stay_within_a_programme():
    """The same person answering another programme's post survey of the same instrument is
    not a pair of this one; a post answer without a pre one is post-only."""
    s = seed004()
    other = seed004(organisation=s.organisation, seed=5)
    likert = _likert(other.post)
    stranger = UserFactory()
    respond(s.post, {q: 3 for q in _likert(s.post).values()}, person=stranger)
    respond(other.post, {q: 3 for q in likert.values()}, person=s.people[12])  # left s
    report = prepost.prepost_report(user=s.coordinator, programme=s.programme)
    assert report.totals is not None
    assert (report.totals.pairs, report.totals.post_only, report.totals.post) == (12, 1, 13)


def _likert(survey: Survey) -> dict[str, Question]:
    with scopes_disabled():
        return {q.key: q for q in Question.objects.filter(survey=survey, kind=Question.Kind.LIKERT)}


def test_anonymous_surveys_have_no_pairs_and_say_why():
    s = seed004()
    with scopes_disabled():
        Survey.objects.filter(pk=s.post.pk).update(anonymous=True)
        from tutori.surveys.models import Response

        Response.objects.filter(survey=s.post).update(person=None)
    document = prepost.prepost_document(user=s.coordinator, programme=s.programme)
    assert figures(document)["Täydet parit"] == "< 5"
    assert any("nimetön" in t and "pareja ei ole" in t for t in texts(document))
    rows = tables(document)["Muutos osa-alueittain"].rows
    assert all(row[-1] == "liian vähän pareja" for row in rows)


def test_a_programme_without_surveys_says_so():
    programme = ProgrammeFactory()
    document = prepost.prepost_document(user=UserFactory(admin=True), programme=programme)
    assert "ei ole liitetty" in texts(document)[0]
    assert prepost.prepost_sections(user=UserFactory(admin=True), programme=programme)


# --- Suppression ------------------------------------------------------------------------------


def test_cells_under_five_are_hidden_with_one_more_beside_a_single_one():
    assert prepost._shown_cells([1, 6, 9, 0, 0], [False, True, True, False, False]) == [
        "< 5",
        6,
        9,
        "< 5",
        "< 5",
    ]
    assert prepost._shown_cells([3, 6, 9, 7, 5], [False, True, True, True, True]) == [
        "< 5",
        6,
        9,
        7,
        "–",
    ]


def test_a_distribution_table_never_shows_a_count_under_five():
    s = seed004()
    document = prepost.prepost_document(user=s.coordinator, programme=s.programme)
    for chart in (b for sec in document.sections for b in sec.blocks if isinstance(b, Chart)):
        for row in chart.table.rows:
            for cell in row[1:6]:
                assert cell in ("< 5", "–") or cell >= 5
            hidden = [c for c in row[1:6] if c in ("< 5", "–")]
            assert len(hidden) != 1  # the total minus the rest would give a single one
        assert "svg" in chart.svg and chart.alt


def test_a_statement_answered_by_fewer_than_five_has_no_chart():
    programme, *_rest = cohort({"A": 4})
    reader = UserFactory(admin=True)
    document = prepost.prepost_document(user=reader, programme=programme)
    assert not any(isinstance(b, Chart) for s in document.sections for b in s.blocks)
    assert any("Liian vähän vastauksia" in t for t in texts(document))
    assert figures(document)["Vastasi alussa"] == "< 5"
    for table in document.tables():
        for row in table.rows:
            assert not any(isinstance(c, int) and 0 < c < 5 for c in row)


def cohort(
    sizes: dict[str, int],
    *,
    organiser: Organisation | None = None,
    answers: tuple[int, int] = (2, 4),
    orgs: dict[str, Organisation] | None = None,
    before: dict[str, list[int]] | None = None,
) -> tuple[Programme, Survey, Survey, dict[str, Organisation]]:
    """A programme whose participants of organisations ``sizes`` (name: people) answered
    the self-assessment before and after; person i answers every statement with
    ``answers[0] + i % 3`` before (or ``before[name][j]`` for the organisation's j-th) and
    ``answers[1] + i % 2`` after."""
    organiser = organiser or OrganisationFactory(name="Järjestäjä", kind=OrganisationKind.AGENCY)
    orgs = orgs if orgs is not None else {}
    for name in sizes:
        orgs.setdefault(name, OrganisationFactory(name=name, parent=organiser))
    by = UserFactory()
    MembershipFactory(user=by, organisation=organiser, role=Role.COORDINATOR)
    programme = ProgrammeFactory(organisation=organiser, status=Programme.Status.FINISHED)
    fields: dict[str, Any] = {"status": Survey.Status.CLOSED, "anonymous": False}
    pre, post = (
        survey_from_instrument(
            installed(instruments.SELF_ASSESSMENT),
            organisation=organiser,
            title=title,
            by=by,
            **fields,
        )
        for title in ("Alku", "Loppu")
    )
    ProgrammeEvaluationFactory(programme=programme, pre_survey=pre, post_survey=post)
    pre_q, post_q = _likert(pre), _likert(post)
    i = 0
    for name, size in sizes.items():
        for j in range(size):
            person = UserFactory()
            value = before[name][j] if before else answers[0] + i % 3
            respond(
                pre,
                {q: value for q in pre_q.values()},
                person=person,
                organisation=orgs[name],
                submitted_on=dt.date(2026, 1, 16),
            )
            respond(
                post,
                {q: min(5, answers[1] + i % 2) for q in post_q.values()},
                person=person,
                organisation=orgs[name],
                submitted_on=dt.date(2026, 5, 22),
            )
            i += 1
    return programme, pre, post, orgs


def _numbers(document: Document) -> dict[tuple[str, str, int], int]:
    """Every count shown in a report's distribution tables and key figures, by (table, row,
    column)."""
    out: dict[tuple[str, str, int], int] = {}
    for key, value in figures(document).items():
        if isinstance(value, int):
            out[("figures", key, 0)] = value
    for table in document.tables():
        if not table.title.startswith("Vastausjakaumat"):
            continue
        for row in table.rows:
            for column, value in enumerate(row[1:7], start=1):
                if isinstance(value, int):
                    out[(table.title, row[0], column)] = value
    return out


def assert_no_small_difference(whole: Document, part: Document) -> None:
    """No count of ``whole`` minus the same count of ``part`` is 1–4."""
    a, b = _numbers(whole), _numbers(part)
    for key in a.keys() & b.keys():
        assert a[key] - b[key] == 0 or a[key] - b[key] >= 5, key


def test_seed004_offers_only_the_organisation_whose_rest_is_five_or_more():
    s = seed004()
    report = prepost.prepost_report(user=s.coordinator, programme=s.programme)
    offered = {o.name: o.available for o in report.organisations}
    # 4 + 3 + 5 + 4: only Tekevä has five (and the other eleven are five or more).
    assert offered == {
        "Katulähetys": False,
        "Työttömät": False,
        "Tekevä": True,
        "Setlementti": False,
    }
    small = next(o for o in report.organisations if o.name == "Katulähetys")
    asked = prepost.prepost_report(
        user=s.coordinator, programme=s.programme, organisation_id=small.pk
    )
    assert asked.organisation is None  # not applied: the whole report instead
    tekeva = next(o for o in report.organisations if o.name == "Tekevä")
    filtered = prepost.prepost_report(
        user=s.coordinator, programme=s.programme, organisation_id=tekeva.pk
    )
    assert filtered.organisation == tekeva
    assert figures(filtered.document)["Vastasi alussa"] == 5
    assert_no_small_difference(report.document, filtered.document)


def test_the_subtraction_attack_through_two_filters_finds_nothing():
    """10 + 10 + 2 people: A and B alone pass subset_shown (the rest of each is 12), but
    the whole minus A minus B would be C's two; so one of them is not offered either."""
    programme, *_rest = cohort({"A": 10, "B": 10, "C": 2})
    reader = UserFactory(admin=True)
    whole = prepost.prepost_report(user=reader, programme=programme)
    available = [o for o in whole.organisations if o.available]
    assert len(available) == 1
    assert {o.name for o in whole.organisations if not o.available} >= {"C"}
    for choice in available:
        part = prepost.prepost_report(user=reader, programme=programme, organisation_id=choice.pk)
        assert part.organisation == choice
        assert_no_small_difference(whole.document, part.document)


def test_a_filtered_cell_whose_rest_is_small_is_hidden():
    """A's ten and B's seven: by A, a point where B holds 1–4 of the answers is hidden in A's
    report, though A's own count there is five or more."""
    programme, *_rest = cohort({"A": 10, "B": 7})
    reader = UserFactory(admin=True)
    whole = prepost.prepost_report(user=reader, programme=programme)
    a = next(o for o in whole.organisations if o.name == "A")
    assert a.available
    part = prepost.prepost_report(user=reader, programme=programme, organisation_id=a.pk)
    assert_no_small_difference(whole.document, part.document)
    # Person i answers 2 + i % 3 before: A (i 0–9) has 4, 3, 3 at points 2, 3, 4 and B
    # (10–16) 2, 3, 2; the whole 6, 6, 5: nothing of A's is shown, as B's 1–4 would show.
    first = next(t for t in part.document.tables() if t.title.startswith("Vastausjakaumat"))
    assert all(c in ("< 5", "–") for c in first.rows[0][1:6])


def test_other_cohorts_of_the_same_instrument_are_combined_where_none_is_small():
    s = seed004()
    second = seed004(organisation=s.organisation, seed=7)
    third, *_rest = cohort({"A": 3}, organiser=s.organisation)
    report = prepost.prepost_report(user=s.coordinator, programme=s.programme)
    offered = {c.pk: c.available for c in report.cohorts}
    assert offered[second.evaluation.pk] is True
    assert offered[third.evaluation.pk] is False
    combined = prepost.prepost_report(
        user=s.coordinator,
        programme=s.programme,
        with_ids=[second.evaluation.pk, third.evaluation.pk],
    )
    assert [c.pk for c in combined.chosen_cohorts] == [second.evaluation.pk]
    assert figures(combined.document)["Täydet parit"] == 24
    assert figures(combined.document)["Vastasi alussa"] == 32
    assert_no_small_difference(combined.document, report.document)


def test_a_cohort_the_user_cannot_read_is_not_added():
    s = seed004()
    elsewhere = seed004(seed=8)
    report = prepost.prepost_report(
        user=s.coordinator, programme=s.programme, with_ids=[elsewhere.evaluation.pk]
    )
    assert report.cohorts == [] and report.chosen_cohorts == []
    assert figures(report.document)["Täydet parit"] == 12


# --- Queries ----------------------------------------------------------------------------------


def _grow(s: Seed004, people: int) -> None:
    """``people`` more pairs in Tekevä and Setlementti (about ten times the answers)."""
    pre_q, post_q = _likert(s.pre), _likert(s.post)
    with scopes_disabled():
        homes = list(Organisation.objects.filter(name__in=["Tekevä", "Setlementti"]))
    for i in range(people):
        person = UserFactory()
        home = homes[i % 2]
        respond(s.pre, {q: 1 + i % 5 for q in pre_q.values()}, person=person, organisation=home)
        respond(
            s.post, {q: 1 + (i + 1) % 5 for q in post_q.values()}, person=person, organisation=home
        )


def _forget() -> None:
    caches["default"].clear()
    caches["kept"].clear()


def _queries(s: Seed004, **kwargs: Any) -> int:
    _forget()
    with CaptureQueriesContext(connection) as captured:
        prepost.prepost_report(user=s.coordinator, programme=s.programme, **kwargs)
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_answers(django_assert_max_num_queries):
    s = seed004()
    tekeva = next(
        o
        for o in prepost.prepost_report(user=s.coordinator, programme=s.programme).organisations
        if o.name == "Tekevä"
    )
    small = _queries(s)
    small_filtered = _queries(s, organisation_id=tekeva.pk)
    _grow(s, 150)
    _forget()  # the closed surveys' counts were kept: count again
    with django_assert_max_num_queries(small):
        report = prepost.prepost_report(user=s.coordinator, programme=s.programme)
    assert figures(report.document)["Täydet parit"] == 162
    with django_assert_max_num_queries(small_filtered):
        prepost.prepost_report(user=s.coordinator, programme=s.programme, organisation_id=tekeva.pk)
    assert small <= 12


def test_closed_surveys_counts_are_kept_and_open_ones_counted_afresh():
    s = seed004()
    first = _queries(s)
    with CaptureQueriesContext(connection) as captured:
        prepost.prepost_report(user=s.coordinator, programme=s.programme)
    assert len(captured.captured_queries) <= first - 4  # no counting of the answers
    with scopes_disabled():
        Survey.objects.filter(pk=s.post.pk).update(status=Survey.Status.OPEN)
    _grow(s, 5)
    report = prepost.prepost_report(user=s.coordinator, programme=s.programme)
    assert figures(report.document)["Täydet parit"] == 17


def test_two_filtered_reports_subtracted_from_the_whole_give_no_small_group():
    """A, B and C of ten each are all offered. At point 3, A has five, B five and C two: A's
    report showing 5 there (its rest, 7, is five or more) and B's too would give C's two as
    12 − 5 − 5; so neither shows it."""
    sizes = {"A": 10, "B": 10, "C": 10}
    before = {"A": [3] * 5 + [2] * 5, "B": [3] * 5 + [4] * 5, "C": [3] * 2 + [4] * 8}
    programme, *_rest = cohort(sizes, before=before)
    reader = UserFactory(admin=True)
    whole = prepost.prepost_report(user=reader, programme=programme)
    assert [o.available for o in whole.organisations] == [True, True, True]
    first_bar = next(t for t in whole.document.tables() if t.title.startswith("Vastausjakaumat"))
    assert first_bar.rows[0][2:5] == [5, 12, 13]  # points 2, 3, 4 of everyone
    for choice in whole.organisations:
        part = prepost.prepost_report(user=reader, programme=programme, organisation_id=choice.pk)
        table = next(t for t in part.document.tables() if t.title.startswith("Vastausjakaumat"))
        assert table.rows[0][3] in ("< 5", "–"), choice.name  # point 3
        assert_no_small_difference(whole.document, part.document)


def test_a_person_who_moved_organisation_is_a_pair_of_the_whole_report_only():
    s = seed004()
    with scopes_disabled():
        from tutori.surveys.models import Response

        tekeva = Organisation.objects.get(name="Tekevä")
        other = Organisation.objects.get(name="Katulähetys")
        moved = Response.objects.filter(survey=s.post, organisation=tekeva).first()
        Response.objects.filter(pk=moved.pk).update(organisation=other)
    report = prepost.prepost_report(user=s.coordinator, programme=s.programme)
    assert figures(report.document)["Täydet parit"] == 12
    assert all(row[1] == 12 for row in tables(report.document)["Muutos osa-alueittain"].rows)
    # Tekevä now has five before, four after and four pairs: not offered.
    assert not next(o for o in report.organisations if o.name == "Tekevä").available
