"""Who may set a school break for an organisation: its coordinators (and those above)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import SchoolBreak

URL_NAME = "tutoring:breaks"


def body() -> dict[str, str]:
    first = timezone.localdate() + timedelta(days=30)
    return {
        "name": "Syysloma",
        "starts_on": first.isoformat(),
        "ends_on": (first + timedelta(days=4)).isoformat(),
    }


def url(organisation) -> str:  # type: ignore[no-untyped-def]
    return f"{reverse(URL_NAME)}?org={organisation.pk}"


def breaks_of(organisation) -> list[SchoolBreak]:  # type: ignore[no-untyped-def]
    return list(SchoolBreak._default_manager.filter(organisation=organisation))


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_sets_oulus_autumn_break(client, world, role):
    response = post_as(client, world, role, url(world.oulu), body())
    assert response.status_code == 302
    [school_break] = breaks_of(world.oulu)
    assert school_break.name == "Syysloma"
    assert (school_break.ends_on - school_break.starts_on).days == 4


def test_oulus_coordinator_sets_a_break_for_one_school_below(client, world):
    response = post_as(client, world, "coordinator", url(world.school_a), body())
    assert response.status_code == 302
    assert [b.name for b in breaks_of(world.school_a)] == ["Syysloma"]


@pytest.mark.parametrize("role", ["tutor", "member", "coach", "manager", "nobody"])
def test_people_who_do_not_coordinate_are_refused(client, world, role):
    response = post_changing_nothing(client, world, role, url(world.oulu), body())
    assert_refused(response, 403)


def test_kemis_coordinator_naming_oulu_sets_no_break_there(client, world):
    response = post_changing_nothing(client, world, "outsider", url(world.oulu), body())
    assert_refused(response, 404)
    assert breaks_of(world.oulu) == []


def test_anonymous_is_sent_to_log_in(client, world):
    response = post_changing_nothing(client, world, "anonymous", url(world.oulu), body())
    assert_sent_to_login(response)
