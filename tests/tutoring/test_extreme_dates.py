"""Dates at the edges of the calendar (year 1, year 9999): every form, filter and service
keeps dates within the bounds of core.time and says so in Finnish; nothing answers 500 and
nothing out of bounds is stored or counted."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import TutoringSessionFactory
from tutori.core.errors import ApplicationError
from tutori.tutoring.models import Slot, SlotSeries, SubstituteBudget, TutoringSession
from tutori.tutoring.services.availability import series_create, slot_create
from tutori.tutoring.services.budget import budget_create
from tutori.tutoring.services.log import session_log

FAR = ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"]
RANGE = "Anna päivä väliltä"


@pytest.mark.parametrize("day", FAR)
@pytest.mark.parametrize("htmx", [False, True])
def test_catalogue_day_far_away_lists_every_time_with_the_range(client, world, day, htmx):
    client.force_login(world.member)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.get(reverse("tutoring:catalogue"), {"day": day}, **headers)
    assert response.status_code == 200
    assert RANGE in response.content.decode()


@pytest.mark.parametrize("week", FAR)
def test_week_calendar_far_away_shows_this_week_and_says_why(client, world, week):
    client.force_login(world.tutor)
    for name in ("tutoring:week", "tutoring:availability"):
        response = client.get(reverse(name), {"week": week})
        assert response.status_code == 200
        assert response.context["week"].monday <= timezone.localdate()
        assert RANGE in response.content.decode()


def _slot_data(world, **data):
    return {
        "organisation": world.school_a.pk,
        "mode": "individual",
        "capacity": 1,
        "place": "on_site",
        **data,
    }


@pytest.mark.parametrize("day", FAR)
def test_a_one_off_time_far_away_is_a_form_error(client, world, day):
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:slot_new"), _slot_data(world, day=day, start="10:00", end="11:00")
    )
    assert response.status_code == 400
    assert RANGE in response.content.decode()
    assert not Slot._default_manager.exists()


@pytest.mark.parametrize(
    ("first", "until"),
    [("9999-12-01", "9999-12-31"), ("0001-01-01", "0001-02-01"), ("2100-12-01", "2100-12-31")],
)
def test_a_weekly_time_far_away_is_a_form_error(client, world, first, until):
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:series_new"),
        _slot_data(
            world,
            weekday=4,
            start="10:00",
            duration_minutes=60,
            first_date=first,
            until=until,
        ),
    )
    assert response.status_code == 400
    assert RANGE in response.content.decode()
    assert not SlotSeries._default_manager.exists()


def test_an_exception_day_far_away_is_a_form_error(client, world):
    first = timezone.localdate() + timedelta(days=7)
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:series_new"),
        _slot_data(
            world,
            weekday=first.weekday(),
            start="10:00",
            duration_minutes=60,
            first_date=first.isoformat(),
            until=(first + timedelta(days=14)).isoformat(),
            exceptions="31.12.9999",
        ),
    )
    assert response.status_code == 400
    assert RANGE in response.content.decode()


def test_the_services_refuse_times_far_away(world):
    with pytest.raises(ApplicationError, match=RANGE):
        series_create(
            by=world.tutor,
            organisation=world.school_a,
            weekday=4,
            start_time=time(10),
            duration_minutes=60,
            first_date=date(9999, 12, 1),
            until=date(9999, 12, 31),
        )
    with pytest.raises(ApplicationError, match=RANGE):
        slot_create(
            by=world.tutor,
            organisation=world.school_a,
            starts_at=timezone.now().replace(year=9999),
            ends_at=timezone.now().replace(year=9999) + timedelta(hours=1),
        )
    assert not Slot._default_manager.exists()


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [("0001-01-01", "9999-12-31"), ("1999-08-01", "1999-12-31"), ("2101-01-01", "2101-06-01")],
)
def test_a_budget_far_away_is_a_form_error(client, world, starts_on, ends_on):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:budget_new"),
        {
            "school": world.school_a.pk,
            "term": "kaukana",
            "starts_on": starts_on,
            "ends_on": ends_on,
            "amount": "10",
        },
    )
    assert response.status_code == 200
    assert RANGE in response.content.decode()
    assert not SubstituteBudget._default_manager.exists()


def test_the_budget_service_refuses_a_term_far_away(world):
    with pytest.raises(ApplicationError, match=RANGE):
        budget_create(
            by=world.coordinator,
            school=world.school_a,
            term="kaukana",
            starts_on=date(1, 1, 1),
            ends_on=date(9999, 12, 31),
            amount=Decimal(10),
        )


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31"])
def test_tutoring_long_ago_cannot_be_logged(client, world, day):
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:log_new"),
        {
            "date": day,
            "duration_minutes": 20,
            "organisation": world.school_a.pk,
            "mode": "individual",
            "place": "on_site",
            "participant_count": 1,
        },
    )
    assert response.status_code == 400
    assert RANGE in response.content.decode()
    assert not TutoringSession._default_manager.exists()


def test_the_log_service_refuses_a_day_long_ago_or_to_come(world):
    for day in (date(1, 1, 1), timezone.localdate() + timedelta(days=1)):
        with pytest.raises(ApplicationError):
            session_log(
                by=world.tutor,
                organisation=world.school_a,
                date=day,
                duration_minutes=20,
                mode="individual",
                place="on_site",
                participant_count=1,
            )
    assert not TutoringSession._default_manager.exists()


def test_report_dates_far_away_are_a_form_error_and_the_report_is_not_narrowed(client, world):
    TutoringSessionFactory(tutor=world.tutor, organisation=world.school_a)
    client.force_login(world.coordinator)
    response = client.get(
        reverse("tutoring:report_hours"), {"start": "0001-01-01", "end": "9999-12-31"}
    )
    assert response.status_code == 200
    assert RANGE in response.content.decode()
    report = response.context["report"]
    assert (report.start, report.end) == (None, None)
    assert report.rows
