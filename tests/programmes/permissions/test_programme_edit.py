"""Who may change a programme's details: the organiser's coordinators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.permissions.plan_cases import (
    DO_NOT_SEE_A_DRAFT,
    oulus_draft,
    programme_body,
    rovaniemis_programme,
)
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing

URL_NAME = "programmes:edit"


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_renames_it(client, world, role):
    programme = oulus_draft(world)
    url = reverse(URL_NAME, args=[programme.pk])
    response = post_as(client, world, role, url, programme_body(world, name="Uusi nimi"))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Uusi nimi"


def test_its_trainer_sees_it_but_may_not_change_it(client, world):
    url = reverse(URL_NAME, args=[oulus_draft(world).pk])
    assert_refused(post_changing_nothing(client, world, "tutor", url, programme_body(world)), 403)


@pytest.mark.parametrize("role", DO_NOT_SEE_A_DRAFT)
def test_others_do_not_find_the_draft(client, world, role):
    url = reverse(URL_NAME, args=[oulus_draft(world).pk])
    assert_refused(post_changing_nothing(client, world, role, url, programme_body(world)), 404)


def test_oulus_coordinator_cannot_change_another_organisations_programme(client, world):
    url = reverse(URL_NAME, args=[rovaniemis_programme().pk])
    assert_refused(
        post_changing_nothing(client, world, "coordinator", url, programme_body(world)), 404
    )


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[oulus_draft(world).pk])
    assert_sent_to_login(
        post_changing_nothing(client, world, "anonymous", url, programme_body(world))
    )
