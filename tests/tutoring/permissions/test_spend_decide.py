"""Who may approve or reject proposed substitute spend: those who oversee its school, except
who proposed it (four eyes)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import SubstituteBudgetFactory, SubstituteSpendFactory
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import SubstituteBudget, SubstituteSpend

URL_NAME = "tutoring:spend_decide"


def url(spend: SubstituteSpend) -> str:
    return reverse(URL_NAME, args=[spend.pk])


@pytest.mark.parametrize("role", ["manager", "coordinator", "admin"])
@pytest.mark.parametrize(
    ("decision", "status"),
    [("approve", SubstituteSpend.Status.APPROVED), ("reject", SubstituteSpend.Status.REJECTED)],
)
def test_the_schools_overseers_decide(client, world, spend_a, role, decision, status):
    response = post_as(client, world, role, url(spend_a), {"decision": decision})
    assert response.status_code == 302
    spend = SubstituteSpend._default_manager.get(pk=spend_a.pk)
    assert spend.status == status
    assert spend.decided_by == world.by_role(role)


@pytest.mark.parametrize("role", ["manager", "coordinator", "admin"])
@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_no_overseer_decides_a_spend_they_proposed(
    client, world, budget_a: SubstituteBudget, role, decision
):
    own = SubstituteSpendFactory(budget=budget_a, created_by=world.by_role(role))
    response = post_changing_nothing(client, world, role, url(own), {"decision": decision})
    assert_refused(response, 403)


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "nobody", "outsider"])
def test_others_do_not_find_the_spend(client, world, spend_a, role):
    response = post_changing_nothing(client, world, role, url(spend_a), {"decision": "approve"})
    assert_refused(response, 404)


def test_oulus_coordinator_does_not_find_kemis_spend(client, world):
    kemi_spend = SubstituteSpendFactory(budget=SubstituteBudgetFactory(school=world.school_k))
    data = {"decision": "approve"}
    response = post_changing_nothing(client, world, "coordinator", url(kemi_spend), data)
    assert_refused(response, 404)


def test_anonymous_is_sent_to_log_in(client, world, spend_a):
    data = {"decision": "approve"}
    response = post_changing_nothing(client, world, "anonymous", url(spend_a), data)
    assert_sent_to_login(response)
