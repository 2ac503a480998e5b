"""Who may make a path template: the coordinators, in an organisation they organise paths in.
Others are refused; Kemi's coordinator cannot make one in Oulu."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import PathTemplate

URL_NAME = "paths:template_new"


def body(organisation):
    return {"organisation": organisation.pk, "name": "Vertaisohjaajan polku", "description": ""}


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_a_coordinator_makes_one(client, world, role):
    response = post_as(client, world, role, reverse(URL_NAME), body(world.oulu))
    assert response.status_code == 302
    with scopes_disabled():
        made = PathTemplate.objects.get(name="Vertaisohjaajan polku")
        assert made.organisation == world.oulu
        assert made.versions.get().number == 1


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "manager", "nobody"])
def test_others_are_refused(client, world, role):
    response = post_changing_nothing(client, world, role, reverse(URL_NAME), body(world.oulu))
    assert_refused(response, 403)


def test_another_municipalitys_coordinator_cannot_make_one_in_oulu(client, world):
    response = post_changing_nothing(client, world, "outsider", reverse(URL_NAME), body(world.oulu))
    assert_refused(response, 400)


def test_anonymous_is_sent_to_log_in(client, world):
    assert_sent_to_login(
        post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), body(world.oulu))
    )
