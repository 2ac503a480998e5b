"""Who may propose substitute spend on a budget: the coordinators above its school."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import SubstituteBudgetFactory
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import SubstituteBudget, SubstituteSpend

URL_NAME = "tutoring:spend_new"


def url(budget: SubstituteBudget) -> str:
    return reverse(URL_NAME, args=[budget.pk])


def body(**overrides):  # type: ignore[no-untyped-def]
    return {
        "date": timezone.localdate().isoformat(),
        "amount": "120,00",
        "description": "Sijainen 2 tuntia",
        "session": "",
        **overrides,
    }


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_proposes_spend_on_koulu_as_budget(client, world, budget_a, role):
    response = post_as(client, world, role, url(budget_a), body())
    assert response.status_code == 302
    spend = SubstituteSpend._default_manager.get(budget=budget_a)
    assert spend.status == SubstituteSpend.Status.PROPOSED
    assert spend.created_by == world.by_role(role)
    assert str(spend.amount) == "120.00"


def test_the_principal_sees_the_budget_but_may_not_add_spend(client, world, budget_a):
    response = post_changing_nothing(client, world, "manager", url(budget_a), body())
    assert_refused(response, 403)


@pytest.mark.parametrize("role", ["tutor", "member", "coach", "nobody", "outsider"])
def test_others_do_not_find_the_budget(client, world, budget_a, role):
    response = post_changing_nothing(client, world, role, url(budget_a), body())
    assert_refused(response, 404)


def test_oulus_coordinator_does_not_find_kemis_budget(client, world):
    kemi_budget = SubstituteBudgetFactory(school=world.school_k)
    response = post_changing_nothing(client, world, "coordinator", url(kemi_budget), body())
    assert_refused(response, 404)


def test_naming_tutoring_given_in_koulu_k_adds_nothing(client, world, budget_a, session_k):
    data = body(session=session_k.pk)
    response = post_changing_nothing(client, world, "coordinator", url(budget_a), data)
    assert response.status_code == 200
    assert "session" in response.context["form"].errors


def test_anonymous_is_sent_to_log_in(client, world, budget_a):
    response = post_changing_nothing(client, world, "anonymous", url(budget_a), body())
    assert_sent_to_login(response)
