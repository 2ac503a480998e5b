"""The tutoring-hours report's numbers against a hand-computed aggregate, and what it costs:
one aggregate query for the hours, one more for the substitute spend when it is read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import TopicFactory, UserFactory
from tutori.access.engine import reach
from tutori.tutoring.models import SubstituteBudget, SubstituteSpend, TutoringSession
from tutori.tutoring.selectors.report import hours_report

AUTUMN = {"term": "syksy 2026", "starts_on": date(2026, 8, 1), "ends_on": date(2026, 12, 31)}


@pytest.fixture
def sessions(world):  # type: ignore[no-untyped-def]
    """Oulu's schools A and B: 210 minutes in four sessions; Kemi's school: 600 minutes the
    Oulu coordinator must not see."""
    arviointi = TopicFactory(organisation=world.oulu, name="Arviointi")
    kielet = TopicFactory(organisation=world.oulu, name="Kielet")
    for organisation, day, minutes, people, topic in [
        (world.school_a, date(2026, 9, 3), 45, 3, arviointi),
        (world.school_a, date(2026, 9, 20), 50, 4, None),
        (world.school_a, date(2026, 10, 1), 25, 2, arviointi),
        (world.school_b, date(2026, 10, 15), 90, 6, kielet),
        (world.school_k, date(2026, 9, 10), 600, 50, arviointi),
    ]:
        TutoringSession._default_manager.create(
            tutor=world.tutor,
            organisation=organisation,
            date=day,
            duration_minutes=minutes,
            participant_count=people,
            topic=topic,
        )
    by = UserFactory()
    budgets = {
        school.pk: SubstituteBudget.objects.create(school=school, amount=Decimal(1000), **AUTUMN)
        for school in (world.school_a, world.school_b, world.school_k)
    }
    for school, amount, status in [
        (world.school_a, "120.00", SubstituteSpend.Status.APPROVED),
        (world.school_a, "999.00", SubstituteSpend.Status.PROPOSED),
        (world.school_b, "30.50", SubstituteSpend.Status.APPROVED),
        (world.school_k, "500.00", SubstituteSpend.Status.APPROVED),
    ]:
        SubstituteSpend.objects.create(
            budget=budgets[school.pk],
            amount=Decimal(amount),
            status=status,
            date=date(2026, 9, 15),
            description="Sijainen",
            created_by=by,
        )
    return world


# By hand: label, minutes, people, hours as shown, people as shown (fewer than 5: "< 5").
EXPECTED = {
    "school": [
        ("Koulu A", 120, 9, Decimal("2.0"), "9"),
        ("Koulu B", 90, 6, Decimal("1.5"), "6"),
    ],
    "month": [
        ("9/2026", 95, 7, Decimal("1.6"), "7"),
        ("10/2026", 115, 8, Decimal("1.9"), "8"),
    ],
    "topic": [
        ("Arviointi", 70, 5, Decimal("1.2"), "5"),
        ("Kielet", 90, 6, Decimal("1.5"), "6"),
        ("Ei aihetta", 50, 4, Decimal("0.8"), "< 5"),
    ],
}


@pytest.mark.parametrize("group", sorted(EXPECTED))
def test_the_report_equals_the_hand_computed_aggregate(sessions, group):
    report = hours_report(user=sessions.coordinator, group=group)
    assert [
        (row.label, row.minutes, row.people, row.hours, row.people_shown) for row in report.rows
    ] == EXPECTED[group]
    assert (report.total_minutes, report.total_hours, report.total.people_shown) == (
        210,
        Decimal("3.5"),
        "15",
    )
    assert [(row.school, row.amount) for row in report.spend] == [
        ("Koulu A", Decimal("120.00")),
        ("Koulu B", Decimal("30.50")),
    ]
    assert report.total_spend == Decimal("150.50")


def test_the_period_limits_hours_and_spend_alike(sessions):
    report = hours_report(
        user=sessions.coordinator, group="month", start=date(2026, 10, 1), end=date(2026, 10, 31)
    )
    assert [(row.label, row.minutes, row.people_shown) for row in report.rows] == [
        ("10/2026", 115, "8")
    ]
    assert report.spend == []


@pytest.mark.parametrize("group", sorted(EXPECTED))
def test_the_hours_are_one_query_and_the_spend_one_more(sessions, group, django_assert_num_queries):
    reach(sessions.coordinator)  # a request's permission check has read it already
    with django_assert_num_queries(1):
        report = hours_report(user=sessions.coordinator, group=group)
    with django_assert_num_queries(1):
        assert report.total_spend == Decimal("150.50")
    with django_assert_num_queries(0):
        assert len(report.spend) == 2
        assert report.total_hours == Decimal("3.5")
