"""Who may publish, return to a draft, finish or cancel a programme: the organiser's
coordinators (each asks first on GET; the POST does it)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.permissions.plan_cases import (
    DO_NOT_SEE_A_DRAFT,
    oulus_draft,
    oulus_published,
    rovaniemis_programme,
)
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Programme

URL_NAMES = [
    "programmes:publish",
    "programmes:unpublish",
    "programmes:finish",
    "programmes:programme_cancel",
]
# The state each starts from and the state it leads to.
MOVES = {
    "programmes:publish": ("draft", "published"),
    "programmes:unpublish": ("published", "draft"),
    "programmes:finish": ("published", "finished"),
    "programmes:programme_cancel": ("draft", "cancelled"),
}


def _programme(world, name):
    return oulus_draft(world) if MOVES[name][0] == "draft" else oulus_published(world)


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_moves_it(client, world, name, role):
    programme = _programme(world, name)
    response = post_as(client, world, role, reverse(name, args=[programme.pk]))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.status == MOVES[name][1]


@pytest.mark.parametrize("name", URL_NAMES)
def test_its_trainer_may_not(client, world, name):
    url = reverse(name, args=[_programme(world, name).pk])
    assert_refused(post_changing_nothing(client, world, "tutor", url), 403)


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", DO_NOT_SEE_A_DRAFT)
def test_others_do_not_find_a_draft(client, world, name, role):
    url = reverse(name, args=[oulus_draft(world).pk])
    assert_refused(post_changing_nothing(client, world, role, url), 404)


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", ["member", "manager", "outsider"])
def test_people_who_see_a_published_programme_may_not(client, world, name, role):
    url = reverse(name, args=[oulus_published(world).pk])
    assert_refused(post_changing_nothing(client, world, role, url), 403)


@pytest.mark.parametrize("name", URL_NAMES)
def test_oulus_coordinator_cannot_move_another_organisations_programme(client, world, name):
    programme = rovaniemis_programme()
    url = reverse(name, args=[programme.pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url), 404)
    assert Programme._default_manager.get(pk=programme.pk).status == "draft"


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_is_sent_to_log_in(client, world, name):
    url = reverse(name, args=[oulus_draft(world).pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url))
