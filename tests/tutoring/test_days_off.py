"""Weekly times skip Finland's public holidays and the school breaks of their municipality (set
by its coordinator), and say which days they skipped and why: on the preview, in the message
after publishing and on the series' page."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tutori.core.errors import ApplicationError
from tutori.core.time import HELSINKI
from tutori.tutoring.days_off import public_holidays, skipped_text
from tutori.tutoring.models import SchoolBreak, Slot, SlotSeries
from tutori.tutoring.services.availability import series_create


def _ahead(month: int, day: int) -> date:
    """The next ``day.month.`` at least two weeks from today."""
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        candidate = date(year, month, day)
        if candidate >= today + timedelta(days=14):
            return candidate
    raise AssertionError


def _local_days(series: SlotSeries) -> list[date]:
    return [s.starts_at.astimezone(HELSINKI).date() for s in series.slots.order_by("starts_at")]


def _weekly(world, around: date, weeks: int = 1, **extra):  # type: ignore[no-untyped-def]
    """A weekly time on ``around``'s weekday from ``weeks`` weeks before it to as many after."""
    return series_create(
        by=world.tutor,
        organisation=world.school_a,
        weekday=around.weekday(),
        start_time=time(14),
        duration_minutes=60,
        first_date=around - timedelta(weeks=weeks),
        until=around + timedelta(weeks=weeks),
        **extra,
    )


def _break(organisation, name: str, first: date, last: date) -> SchoolBreak:  # type: ignore[no-untyped-def]
    return SchoolBreak._default_manager.create(
        organisation=organisation, name=name, starts_on=first, ends_on=last
    )


def test_a_public_holiday_is_skipped_and_named(world):
    independence = _ahead(12, 6)
    series = _weekly(world, independence)
    assert _local_days(series) == [
        independence - timedelta(weeks=1),
        independence + timedelta(weeks=1),
    ]
    assert skipped_text(series.skipped) == "Ohitettu: 6.12. Itsenäisyyspäivä"


def test_easter_monday_is_skipped_whatever_year_it_falls(world):
    today = timezone.localdate()
    easter_monday = next(
        day
        for year in (today.year, today.year + 1)
        for day, name in public_holidays(date(year, 3, 1), date(year, 4, 30), "fi").items()
        if name == "Toinen pääsiäispäivä" and day > today + timedelta(days=14)
    )
    series = _weekly(world, easter_monday)
    assert easter_monday not in _local_days(series)
    assert len(_local_days(series)) == 2
    assert "Toinen pääsiäispäivä" in skipped_text(series.skipped)


def test_the_municipalitys_break_is_skipped_by_its_schools_times(world):
    middle = _ahead(10, 14)
    monday = middle - timedelta(days=middle.weekday())
    _break(world.oulu, "Syysloma", monday, monday + timedelta(days=4))
    series = _weekly(world, middle)
    assert middle not in _local_days(series)
    assert len(_local_days(series)) == 2
    friday = monday + timedelta(days=4)
    assert skipped_text(series.skipped) == (
        f"Ohitettu: {monday.day}.{monday.month}.–{friday.day}.{friday.month}. Syysloma"
    )


def test_another_municipalitys_break_does_not_apply(world):
    middle = _ahead(10, 14)
    _break(world.kemi, "Syysloma", middle - timedelta(days=2), middle + timedelta(days=2))
    _break(world.school_b, "Koulu B:n leirikoulu", middle, middle)
    series = _weekly(world, middle)
    assert middle in _local_days(series)
    assert series.skipped == []


def test_a_tutor_may_publish_on_days_off_too(world):
    independence = _ahead(12, 6)
    series = _weekly(world, independence, skip_days_off=False)
    assert independence in _local_days(series)
    assert series.skipped == []


def test_christmas_break_across_the_new_year_keeps_the_clock_and_names_the_break(world):
    christmas = _ahead(12, 21)
    _break(world.oulu, "Joululoma", christmas, date(christmas.year + 1, 1, 6))
    first = christmas - timedelta(weeks=2)
    series = series_create(
        by=world.tutor,
        organisation=world.school_a,
        weekday=first.weekday(),
        start_time=time(8, 15),
        duration_minutes=45,
        first_date=first,
        until=date(christmas.year + 1, 1, 31),
    )
    days = _local_days(series)
    assert all(not christmas <= d <= date(christmas.year + 1, 1, 6) for d in days)
    assert any(d.year == christmas.year for d in days)
    assert any(d.year == christmas.year + 1 for d in days)
    starts = {s.starts_at.astimezone(HELSINKI).strftime("%H:%M") for s in series.slots.all()}
    assert starts == {"08:15"}
    # The holidays inside the break (Christmas Day, New Year's Day, Epiphany) are the break.
    assert "Joululoma" in skipped_text(series.skipped)
    assert "21.12.–6.1. Joululoma" in skipped_text(series.skipped)
    assert "Uudenvuodenpäivä" not in skipped_text(series.skipped)


def test_days_off_and_the_autumn_clock_change_together(world):
    today = timezone.localdate()
    autumn = next(
        d
        for year in (today.year, today.year + 1)
        for d in (date(year, 10, 31) - timedelta(days=n) for n in range(7))
        if d.weekday() == 6 and d > today + timedelta(days=21)
    )
    monday = autumn - timedelta(days=13)  # the Monday of the week before the change
    _break(world.oulu, "Syysloma", monday, monday + timedelta(days=4))
    series = series_create(
        by=world.tutor,
        organisation=world.school_a,
        weekday=0,
        start_time=time(14),
        duration_minutes=60,
        first_date=monday - timedelta(weeks=1),
        until=monday + timedelta(weeks=3),
    )
    days = _local_days(series)
    assert monday not in days and len(days) == 4
    assert {s.starts_at.astimezone(HELSINKI).hour for s in series.slots.all()} == {14}
    assert {(s.ends_at - s.starts_at) for s in series.slots.all()} == {timedelta(hours=1)}


def test_a_series_only_on_days_off_is_refused_with_the_reason(world):
    middle = _ahead(10, 14)
    _break(world.oulu, "Syysloma", middle - timedelta(days=3), middle + timedelta(days=3))
    with pytest.raises(ApplicationError) as info:
        series_create(
            by=world.tutor,
            organisation=world.school_a,
            weekday=middle.weekday(),
            start_time=time(14),
            duration_minutes=60,
            first_date=middle,
            until=middle,
        )
    assert "Syysloma" in str(info.value.message)
    assert not SlotSeries._default_manager.exists()


def test_holiday_names_are_shown_in_the_readers_language(world):
    series = _weekly(world, _ahead(12, 6))
    with translation.override("sv"):
        assert "6.12. Självständighetsdagen" in skipped_text(series.skipped)
    with translation.override("en"):
        assert "6.12. Independence Day" in skipped_text(series.skipped)


def _form(world, first: date, until: date, **extra):  # type: ignore[no-untyped-def]
    return {
        "weekday": first.weekday(),
        "start": "14:00",
        "duration_minutes": 60,
        "first_date": first.isoformat(),
        "until": until.isoformat(),
        "exceptions": "",
        "organisation": world.school_a.pk,
        "mode": "individual",
        "capacity": 1,
        "place": "on_site",
        **extra,
    }


def test_the_preview_shows_the_skipped_days_and_publishes_nothing(client, world):
    independence = _ahead(12, 6)
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:series_new"),
        _form(
            world,
            independence - timedelta(weeks=1),
            independence + timedelta(weeks=1),
            preview="1",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Esikatselu" in html and "Julkaistaan 2 kertaa" in html
    assert "6.12. Itsenäisyyspäivä" in html
    assert not Slot._default_manager.exists()


def test_after_publishing_the_message_and_the_series_page_show_the_skipped_days(client, world):
    independence = _ahead(12, 6)
    christmas = date(independence.year, 12, 21)
    _break(world.oulu, "Joululoma", christmas, date(christmas.year + 1, 1, 6))
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:series_new"),
        _form(world, independence - timedelta(weeks=1), independence + timedelta(weeks=5)),
        follow=True,
    )
    html = response.content.decode()
    series = SlotSeries._default_manager.get()
    assert response.redirect_chain[-1][0] == reverse("tutoring:series", args=[series.pk])
    assert "Ohitettu: 6.12. Itsenäisyyspäivä, 21.12.–" in html
    assert "Joululoma" in html
    # Later visits still say what was skipped.
    again = client.get(reverse("tutoring:series", args=[series.pk])).content.decode()
    assert "6.12. Itsenäisyyspäivä" in again and "Joululoma" in again


def test_ticking_publish_on_days_off_publishes_on_the_holiday(client, world):
    independence = _ahead(12, 6)
    client.force_login(world.tutor)
    response = client.post(
        reverse("tutoring:series_new"),
        _form(
            world,
            independence - timedelta(weeks=1),
            independence + timedelta(weeks=1),
            publish_on_days_off="on",
        ),
    )
    assert response.status_code == 302
    assert Slot._default_manager.count() == 3


def test_the_shared_time_skips_the_municipalitys_breaks(client, world):
    middle = _ahead(10, 14)
    _break(world.oulu, "Syysloma", middle - timedelta(days=2), middle + timedelta(days=2))
    client.force_login(world.coordinator)
    response = client.post(
        reverse("tutoring:shared_new"),
        {
            **_form(world, middle - timedelta(weeks=1), middle + timedelta(weeks=1)),
            "organisation": world.oulu.pk,
            "tutors": [world.tutor.pk],
            "mode": "group",
            "capacity": 8,
        },
        follow=True,
    )
    assert Slot._default_manager.filter(is_shared=True).count() == 2
    assert "Syysloma" in response.content.decode()


def test_the_demo_municipality_has_its_school_breaks_and_its_weekly_times_skip_them(db):
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
    from tutori.tutoring.demo import tutoring_demo_load

    town = OrganisationFactory(name="Kempele", municipality=True)
    school = OrganisationFactory(name="Kirkonkylän koulu", parent=town)
    coordinator = UserFactory(email="coordinator@demo.tutori.fi")
    tutor = UserFactory(email="tutor@demo.tutori.fi")
    MembershipFactory(user=coordinator, organisation=town, coordinator=True)
    MembershipFactory(user=tutor, organisation=school, tutor=True)
    tutoring_demo_load()
    tutoring_demo_load()  # a second run adds no breaks
    breaks = {
        (b.name, b.starts_on, b.ends_on)
        for b in SchoolBreak._default_manager.filter(organisation=town)
    }
    assert {
        ("Syysloma", date(2026, 10, 12), date(2026, 10, 16)),  # week 42
        ("Joululoma", date(2026, 12, 21), date(2027, 1, 6)),
        ("Talviloma", date(2027, 3, 1), date(2027, 3, 5)),  # week 9
    } <= breaks
    assert len(breaks) == SchoolBreak._default_manager.count()
    # The demo's weekly times are published around the breaks and holidays.
    for series in SlotSeries._default_manager.all():
        days = set(_local_days(series))
        for name, first, last in breaks:
            assert not any(first <= d <= last for d in days), name
        assert not days & set(public_holidays(min(days), max(days)))


@pytest.mark.parametrize(
    ("language", "skipped", "heading"),
    [
        ("sv", "Överhoppade: 6.12. Självständighetsdagen", "Lov – Oulu"),
        ("en", "Skipped: 6.12. Independence Day", "School breaks – Oulu"),
    ],
)
def test_the_pages_speak_the_readers_language(client, world, language, skipped, heading):
    series = _weekly(world, _ahead(12, 6))
    world.tutor.preferred_language = language
    world.tutor.save(update_fields=["preferred_language"])
    client.force_login(world.tutor)
    html = client.get(reverse("tutoring:series", args=[series.pk])).content.decode()
    assert skipped in html.replace("<strong>", "").replace("</strong>", "")
    world.coordinator.preferred_language = language
    world.coordinator.save(update_fields=["preferred_language"])
    client.force_login(world.coordinator)
    assert heading in client.get(reverse("tutoring:breaks")).content.decode()
