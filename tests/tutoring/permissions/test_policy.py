"""Who may set an organisation's booking rules: its coordinators (and those above)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import BookingPolicy

URL_NAME = "tutoring:policies"
BODY = {
    "booking_deadline_hours": 24,
    "cancellation_deadline_hours": 12,
    "max_open_bookings_per_week": 2,
    "booking_window_weeks": 4,
    "reminder_hours_before": 48,
}


def url(organisation) -> str:  # type: ignore[no-untyped-def]
    return f"{reverse(URL_NAME)}?org={organisation.pk}"


def policies_of(organisation) -> list[BookingPolicy]:  # type: ignore[no-untyped-def]
    return list(BookingPolicy._default_manager.filter(organisation=organisation))


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_sets_koulu_as_rules(client, world, role):
    response = post_as(client, world, role, url(world.school_a), BODY)
    assert response.status_code == 302
    [policy] = policies_of(world.school_a)
    assert (policy.booking_deadline_hours, policy.max_open_bookings_per_week) == (24, 2)
    assert policy.reminder_hours_before == 48


@pytest.mark.parametrize("role", ["tutor", "member", "coach", "manager", "nobody"])
def test_people_who_do_not_coordinate_are_refused(client, world, role):
    response = post_changing_nothing(client, world, role, url(world.school_a), BODY)
    assert_refused(response, 403)


def test_kemis_coordinator_naming_koulu_a_sets_no_rules_for_it(client, world):
    post_as(client, world, "outsider", url(world.school_a), BODY)
    assert policies_of(world.school_a) == []


def test_naming_an_organisation_one_does_not_curate_changes_nothing(client, world):
    response = post_changing_nothing(client, world, "outsider", url(world.school_a), BODY)
    assert_refused(response, 404)


def test_anonymous_is_sent_to_log_in(client, world):
    response = post_changing_nothing(client, world, "anonymous", url(world.school_a), BODY)
    assert_sent_to_login(response)
