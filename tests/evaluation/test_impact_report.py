"""Tutoring impact: the figures by school, month and topic, unique people, the teachers'
share, spend per hour, the trend, and small-group suppression incl. the unit filter's
subtraction attack."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from tests.conftest import World
from tests.evaluation.impact_setup import Impact, build
from tutori.evaluation.selectors import impact as selectors
from tutori.orgs.models import Organisation


@pytest.fixture
def impact(world: World) -> Impact:
    return build(world)


def report(user, organisation: Organisation | None, data: Impact) -> selectors.ImpactReport:
    return selectors.impact_report(
        user=user, organisation=organisation, start=data.term.start, end=data.term.end
    )


def by_label(rows):
    return {row.label: row for row in rows}


def test_oulus_coordinator_sees_both_schools_not_kemi(impact: Impact) -> None:
    w = impact.world
    found = report(w.coordinator, None, impact)
    schools = by_label(found.schools)
    assert set(schools) == {"Koulu A", "Koulu B"}
    assert (schools["Koulu A"].sessions, schools["Koulu A"].minutes) == (3, 135)
    assert schools["Koulu A"].hours == Decimal("2.3")  # 135 min, rounded once
    assert schools["Koulu A"].lesson_hours == Decimal("1.0")
    assert (found.total.sessions, found.total.minutes) == (4, 195)
    # Unique people: 6 named teachers + 3 unnamed in Koulu A, 3 named in Koulu B.
    assert found.total.people == 12
    # Koulu B's 3 are "< 5"; Koulu A is then hidden too, so 12 − A never gives B.
    assert schools["Koulu B"].people == "< 5"
    assert schools["Koulu A"].people == "–"


def test_months_and_topics(impact: Impact) -> None:
    found = report(impact.world.coordinator, None, impact)
    assert sum(row.sessions for row in found.months) == 4
    assert sum(row.minutes for row in found.months) == 195
    topics = by_label(found.topics)
    assert set(topics) == {"Suunnittelu", "Arviointi", "Ei aihetta"}
    assert found.topics[-1].label == "Ei aihetta"
    # Planning: Koulu A's 4 teachers and Koulu B's 3: seven people.
    assert (topics["Suunnittelu"].sessions, topics["Suunnittelu"].people) == (2, 7)
    # Assessment: 4 named + 1 unnamed = 5, hidden beside "Ei aihetta"'s 2 ("< 5").
    assert topics["Arviointi"].people == "–"
    assert topics["Ei aihetta"].people == "< 5"
    for row in found.topics:
        assert isinstance(row.people, int | str)


def test_topic_names_in_the_readers_language(impact: Impact) -> None:
    from django.utils import translation

    with translation.override("en"):
        found = report(impact.world.coordinator, None, impact)
    assert "Planning" in by_label(found.topics)


def test_teachers_share_and_roles_counted(impact: Impact) -> None:
    found = report(impact.world.coordinator, None, impact)
    teachers = by_label(found.teachers)
    # 12 teachers with the member role (not the principal, tutor or coach), six tutored.
    a = teachers["Koulu A"]
    assert (a.teachers, a.received, a.share) == (12, 6, Decimal("50.0"))
    # Koulu B has four teachers: nothing of it is shown.
    b = teachers["Koulu B"]
    assert (b.teachers, b.received, b.share) == ("< 5", "< 5", "–")
    # The totals minus Koulu A would give Koulu B: left out.
    assert found.teachers_total is not None
    assert found.teachers_total.received == "–"


def test_share_hidden_when_the_rest_is_small(impact: Impact) -> None:
    """Eight of Koulu A's twelve teachers tutored: the four others would show."""
    from tests.evaluation.impact_setup import session

    w = impact.world
    session(w.school_a, w.tutor, impact.term.start, 30, people=impact.teachers_a[6:8])
    a = by_label(report(w.coordinator, None, impact).teachers)["Koulu A"]
    assert (a.teachers, a.received, a.share) == (12, "–", "–")


def test_spend_per_tutoring_hour(impact: Impact) -> None:
    found = report(impact.world.coordinator, None, impact)
    spend = by_label(found.spend)["Koulu A"]
    # Only the approved 185 €: over 2.3 hours and over the 1.0 hour during lessons.
    assert spend.amount == Decimal("185.00")
    assert spend.per_hour == Decimal("80.43")
    assert spend.per_lesson_hour == Decimal("185.00")
    assert found.spend_total == Decimal("185.00")
    assert found.spend_per_hour == Decimal("56.06")  # 185 € / 3.3 h (195 min)


def test_trend_of_four_terms(impact: Impact) -> None:
    found = report(impact.world.coordinator, None, impact)
    assert [row.term for row in found.trend] == selectors.trend_terms(impact.term)
    assert found.trend[-1].minutes == 195 and found.trend[-1].people == 12
    assert found.trend[-2].minutes == 90 and found.trend[-2].people == "< 5"
    assert found.trend[0].sessions == 0 and found.trend[-1].spend == Decimal("185.00")


def test_unit_filter_subtraction_attack(impact: Impact) -> None:
    """Everything shows 12 people; Koulu A alone 9. 12 − 9 would give Koulu B's three: Koulu
    A's figure is hidden, and Koulu B's is under five anyway."""
    w = impact.world
    assert [u.name for u in selectors.unit_choices(w.coordinator)] == ["Koulu A", "Koulu B"]
    everything = report(w.coordinator, None, impact)
    only_a = report(w.coordinator, w.school_a, impact)
    only_b = report(w.coordinator, w.school_b, impact)
    assert everything.total.people == 12
    assert only_a.total.people == "–"
    assert only_b.total.people == "< 5"
    # Nothing shown anywhere gives a number under five by subtraction.
    shown = [r.total.people for r in (everything, only_a, only_b)]
    numbers = [n for n in shown if isinstance(n, int)]
    assert all(abs(x - y) == 0 or abs(x - y) >= 5 for x in numbers for y in numbers)
    # The months of Koulu A alone are checked against Oulu's the same way.
    for row in only_a.months:
        assert not isinstance(row.people, int) or row.people >= 5


def test_unit_filter_shows_a_unit_when_the_rest_is_big_enough(impact: Impact) -> None:
    from tests.evaluation.impact_setup import more

    w = impact.world
    more(w, impact.term, 6)  # 3 sessions × 3 new people in each school
    only_a = report(w.coordinator, w.school_a, impact)
    everything = report(w.coordinator, None, impact)
    assert everything.total.people == 30
    assert only_a.total.people == 18  # 9 + 9; the rest (Koulu B) has 12


def test_kemi_sees_only_kemi_and_admin_chooses_municipalities(impact: Impact) -> None:
    w = impact.world
    kemi = report(w.outsider, None, impact)
    assert [row.label for row in kemi.schools] == ["Koulu K"]
    assert kemi.total.people == "< 5"
    names = [u.name for u in selectors.unit_choices(w.admin)]
    assert "Oulu" in names and "Kemi" in names and "Koulu A" not in names
    # A principal chooses among nothing below their school, and sees only it.
    principal = report(w.manager, None, impact)
    assert [row.label for row in principal.schools] == ["Koulu A"]


def test_terms() -> None:
    from datetime import date

    autumn = selectors.term_of(date(2026, 9, 15))
    assert (autumn.start, autumn.end, autumn.key) == (
        date(2026, 8, 1),
        date(2026, 12, 31),
        "2026-2",
    )
    assert autumn.before() == selectors.term_of(date(2026, 3, 1))
    assert selectors.term_from_key("2026-1") == selectors.term_of(date(2026, 5, 5))
    for bad in ("", "2026", "2026-3", "x-1", "２０２６-1", "99999-1", "0000-1", "2026-1-1"):
        assert selectors.term_from_key(bad) is None
    assert len(selectors.term_choices(date(2026, 9, 1))) == 8
    assert [t.key for t in selectors.trend_terms(autumn)] == [
        "2025-1",
        "2025-2",
        "2026-1",
        "2026-2",
    ]


def test_sections_for_the_funder_report(impact: Impact) -> None:
    w = impact.world
    sections = selectors.impact_sections(
        user=w.coordinator, organisation=w.oulu, start=impact.term.start, end=impact.term.end
    )
    titles = [s.title for s in sections]
    assert titles[0].startswith("Yhteenveto")
    assert "Kehitys neljän lukukauden aikana" in titles
    # A period inside a term is widened to the whole term.
    again = selectors.impact_sections(
        user=w.coordinator,
        organisation=w.oulu,
        start=impact.term.start.replace(day=15),
        end=impact.term.start.replace(day=20),
    )
    assert [s.title for s in again] == titles


def test_nothing_logged(world: World) -> None:
    found = selectors.impact_report(
        user=world.coordinator,
        organisation=None,
        start=selectors.term_of().start,
        end=selectors.term_of().end,
    )
    assert found.total.sessions == 0 and found.schools == [] and found.months == []
    doc = selectors.impact_document(
        user=world.coordinator, organisation=None, term=selectors.term_of()
    )
    assert doc.sections


def test_the_trend_hides_what_an_earlier_terms_report_hides(impact: Impact) -> None:
    """Last term Koulu A reached 9 and Koulu B 3: last term's report of Koulu A leaves its 9
    out (everything's 12 − 9 would give B's 3), and so does this term's trend of Koulu A."""
    from tests.evaluation.impact_setup import session
    from tests.factories import UserFactory

    w = impact.world
    before = impact.term.before()
    day = before.start + timedelta(days=30)
    session(w.school_a, w.tutor, day, 60, people=[UserFactory() for _ in range(8)])
    session(w.school_b, w.tutor, day, 60, people=[UserFactory() for _ in range(3)])
    then = selectors.impact_report(
        user=w.coordinator, organisation=None, start=before.start, end=before.end
    )
    assert then.total.people == 12
    then_a = selectors.impact_report(
        user=w.coordinator, organisation=w.school_a, start=before.start, end=before.end
    )
    assert then_a.total.people == "–"
    now_a = report(w.coordinator, w.school_a, impact)
    assert now_a.trend[-2].term == before
    assert now_a.trend[-2].people == "–"
    assert report(w.coordinator, None, impact).trend[-2].people == 12


def _people(n: int) -> list:
    from tests.factories import UserFactory

    return [UserFactory() for _ in range(n)]


def test_a_unit_hides_a_month_that_everything_hides(world: World) -> None:
    """Oulu's first month: 6 people, all in Koulu A; its second: 3 in Koulu B. Everything
    hides both months (the 3, and the 6 beside them); Koulu A alone would have shown its 6
    (nothing of Oulu is left out of it), and the total minus 6 would give Koulu B's 3."""
    from tests.evaluation.impact_setup import session

    term = selectors.term_of()
    first, second = term.start + timedelta(days=3), term.start + timedelta(days=40)
    session(world.school_a, world.tutor, first, 60, people=_people(6))
    session(world.school_b, world.tutor, second, 60, people=_people(3))
    session(world.school_a, world.tutor, second + timedelta(days=35), 60, people=_people(7))

    def months(organisation: Organisation | None) -> list:
        found = selectors.impact_report(
            user=world.coordinator, organisation=organisation, start=term.start, end=term.end
        )
        return [row.people for row in found.months]

    everything = months(None)
    assert everything == ["–", "< 5", 7]
    assert months(world.school_a)[0] == "–"


def test_everything_minus_every_choice_is_not_a_small_group(world: World) -> None:
    """Oulu's coordinator chooses Koulu A or Koulu B; three people were tutored in Oulu's
    own shared time. Everything (23) minus Koulu A (10) minus Koulu B (10) would give those
    three: the two schools' totals are left out."""
    from tests.evaluation.impact_setup import session

    term = selectors.term_of()
    day = term.start + timedelta(days=3)
    session(world.school_a, world.tutor, day, 60, people=_people(10))
    session(world.school_b, world.tutor, day, 60, people=_people(10))
    session(world.oulu, world.tutor, day, 60, people=_people(3))

    def total(organisation: Organisation | None) -> object:
        return selectors.impact_report(
            user=world.coordinator, organisation=organisation, start=term.start, end=term.end
        ).total.people

    assert total(None) == 23
    assert total(world.school_a) == "–"
    assert total(world.school_b) == "–"
    # With three more in Oulu's own time the rest is six: each school shows its ten.
    session(world.oulu, world.tutor, day, 60, people=_people(3))
    assert (total(None), total(world.school_a), total(world.school_b)) == (26, 10, 10)
