"""Who may say which roles read an organisation's supervision notes: its coordinators. Those
without the coordinator role are refused; Kemi's coordinator does not find Oulu."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import NotePolicy

URL_NAME = "paths:note_policy"


def body(organisation):
    return {"org": organisation.pk, "roles": ["manager"]}


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_coordinator_names_the_roles(client, world, role):
    response = post_as(client, world, role, reverse(URL_NAME), body(world.school_a))
    assert response.status_code == 302
    with scopes_disabled():
        assert NotePolicy.objects.get(organisation=world.school_a).roles == ["manager"]


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "manager", "nobody"])
def test_others_are_refused(client, world, role):
    response = post_changing_nothing(client, world, role, reverse(URL_NAME), body(world.oulu))
    assert_refused(response, 403)


def test_another_municipalitys_coordinator_does_not_find_oulu(client, world):
    response = post_changing_nothing(client, world, "outsider", reverse(URL_NAME), body(world.oulu))
    assert_refused(response, 404)


def test_anonymous_is_sent_to_log_in(client, world):
    assert_sent_to_login(
        post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), body(world.oulu))
    )
