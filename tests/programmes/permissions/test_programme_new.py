"""Who may create a programme: a coordinator, in an organisation they coordinate."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.permissions.plan_cases import programme_body
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Programme

URL_NAME = "programmes:new"


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_creates_a_draft(client, world, role):
    response = post_as(client, world, role, reverse(URL_NAME), programme_body(world))
    assert response.status_code == 302
    programme = Programme._default_manager.get(name="Uusi koulutus")
    assert programme.organisation == world.oulu and programme.status == "draft"


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "manager", "nobody"])
def test_people_who_organise_nowhere_are_refused(client, world, role):
    assert_refused(
        post_changing_nothing(client, world, role, reverse(URL_NAME), programme_body(world)),
        403,
    )


def test_kemis_coordinator_cannot_create_one_for_oulu(client, world):
    """Oulu is not among the organisations Kemi's coordinator is offered: a form error."""
    response = post_changing_nothing(
        client, world, "outsider", reverse(URL_NAME), programme_body(world)
    )
    assert response.status_code == 400


def test_anonymous_is_sent_to_log_in(client, world):
    assert_sent_to_login(
        post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), programme_body(world))
    )
