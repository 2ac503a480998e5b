"""Who may add a school's substitute budget: the coordinators above the school."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.tutoring.permissions.conftest import in_days
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import SubstituteBudget

URL_NAME = "tutoring:budget_new"


def body(school_id: int):  # type: ignore[no-untyped-def]
    return {
        "school": school_id,
        "term": "kevät 2027",
        "starts_on": in_days(30).isoformat(),
        "ends_on": in_days(200).isoformat(),
        "amount": "2500,00",
    }


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_adds_koulu_as_budget(client, world, role):
    response = post_as(client, world, role, reverse(URL_NAME), body(world.school_a.pk))
    assert response.status_code == 302
    budget = SubstituteBudget._default_manager.get(term="kevät 2027")
    assert budget.school == world.school_a
    assert str(budget.amount) == "2500.00"


@pytest.mark.parametrize("role", ["manager", "tutor", "member", "coach", "nobody"])
def test_people_who_do_not_coordinate_are_refused(client, world, role):
    data = body(world.school_a.pk)
    response = post_changing_nothing(client, world, role, reverse(URL_NAME), data)
    assert_refused(response, 403)


def test_kemis_coordinator_cannot_add_koulu_as_budget(client, world):
    data = body(world.school_a.pk)
    response = post_changing_nothing(client, world, "outsider", reverse(URL_NAME), data)
    assert response.status_code == 200
    assert "school" in response.context["form"].errors


def test_anonymous_is_sent_to_log_in(client, world):
    data = body(world.school_a.pk)
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), data)
    assert_sent_to_login(response)
