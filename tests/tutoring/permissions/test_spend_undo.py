"""Who may undo a decision on substitute spend: only who made it (while they still oversee
the school), and only until the spend is used; the POST is the confirmation's answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import SubstituteBudgetFactory, SubstituteSpendFactory
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import SubstituteSpend
from tutori.tutoring.services.budget import spend_decide

URL_NAME = "tutoring:spend_undo"


def url(spend: SubstituteSpend) -> str:
    return reverse(URL_NAME, args=[spend.pk])


def decided(spend: SubstituteSpend, by, approve: bool = True) -> SubstituteSpend:  # type: ignore[no-untyped-def]
    return spend_decide(by=by, spend=spend, approve=approve, reason="Perusteltu")


@pytest.mark.parametrize("role", ["manager", "coordinator", "admin"])
@pytest.mark.parametrize("approve", [True, False])
def test_who_decided_undoes(client, world, spend_a, role, approve):
    decided(spend_a, world.by_role(role), approve)
    response = post_as(client, world, role, url(spend_a))
    assert response.status_code == 302
    spend = SubstituteSpend._default_manager.get(pk=spend_a.pk)
    assert (spend.status, spend.decided_by, spend.decision_reason) == (
        SubstituteSpend.Status.PROPOSED,
        None,
        "",
    )


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_other_overseers_may_not_undo_the_principals_decision(client, world, spend_a, role):
    decided(spend_a, world.manager)
    response = post_changing_nothing(client, world, role, url(spend_a))
    assert_refused(response, 403)


@pytest.mark.parametrize("role", ["manager", "coordinator", "admin"])
def test_an_undecided_spend_has_no_decision_to_undo(client, world, spend_a, role):
    response = post_changing_nothing(client, world, role, url(spend_a))
    assert_refused(response, 403)


def test_a_used_spend_stays_decided(client, world, budget_a):
    """The substitute's day has passed (and the decision was not made today)."""
    spend = SubstituteSpendFactory(
        budget=budget_a, date=timezone.localdate() - timedelta(days=3), created_by=world.member
    )
    decided(spend, world.manager)
    SubstituteSpend._default_manager.filter(pk=spend.pk).update(
        decided_at=timezone.now() - timedelta(days=2)
    )
    response = post_changing_nothing(client, world, "manager", url(spend))
    assert response.status_code == 302  # back to the budget, with the reason why not


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "nobody", "outsider"])
def test_others_do_not_find_the_spend(client, world, spend_a, role):
    decided(spend_a, world.manager)
    response = post_changing_nothing(client, world, role, url(spend_a))
    assert_refused(response, 404)


def test_oulus_coordinator_does_not_find_kemis_spend(client, world):
    kemi_spend = SubstituteSpendFactory(budget=SubstituteBudgetFactory(school=world.school_k))
    decided(kemi_spend, world.outsider)
    response = post_changing_nothing(client, world, "coordinator", url(kemi_spend))
    assert_refused(response, 404)


def test_anonymous_is_sent_to_log_in(client, world, spend_a):
    decided(spend_a, world.manager)
    response = post_changing_nothing(client, world, "anonymous", url(spend_a))
    assert_sent_to_login(response)
