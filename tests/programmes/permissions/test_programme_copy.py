"""Who may copy a programme for the next cohort: the organiser's coordinators."""

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

URL_NAME = "programmes:copy"
BODY = {"name": "Seuraava ryhmä", "starts_on": "2028-01-10"}


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_copies_it(client, world, role):
    programme = oulus_draft(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[programme.pk]), BODY)
    assert response.status_code == 302
    copy = Programme._default_manager.get(name="Seuraava ryhmä")
    assert copy.copied_from == programme and copy.sessions.count() == 1


def test_its_trainer_may_not(client, world):
    url = reverse(URL_NAME, args=[oulus_draft(world).pk])
    assert_refused(post_changing_nothing(client, world, "tutor", url, BODY), 403)


@pytest.mark.parametrize("role", ["member", "manager", "outsider"])
def test_people_who_see_a_published_programme_may_not(client, world, role):
    url = reverse(URL_NAME, args=[oulus_published(world).pk])
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 403)


@pytest.mark.parametrize("role", DO_NOT_SEE_A_DRAFT)
def test_others_do_not_find_a_draft(client, world, role):
    url = reverse(URL_NAME, args=[oulus_draft(world).pk])
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 404)


def test_oulus_coordinator_cannot_copy_another_organisations_programme(client, world):
    url = reverse(URL_NAME, args=[rovaniemis_programme().pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url, BODY), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[oulus_draft(world).pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, BODY))
