"""Who may add and remove a programme's materials: its coordinators and trainers."""

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
from tutori.programmes.models import Material

URL_NAMES = ["programmes:material_new", "programmes:material_delete"]
BODY = {"title": "Diat", "session": "", "url": "https://example.fi/diat"}


def _url(name, programme):
    if name == "programmes:material_new":
        return reverse(name, args=[programme.pk])
    material = Material.objects.create(programme=programme, title="Vanha", url="https://example.fi")
    return reverse(name, args=[material.pk])


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", ["coordinator", "admin", "tutor"])
def test_the_coordinator_and_the_trainer_add_and_remove(client, world, name, role):
    programme = oulus_draft(world)
    url = _url(name, programme)
    response = post_as(client, world, role, url, BODY)
    assert response.status_code == 302
    titles = list(Material.objects.filter(programme=programme).values_list("title", flat=True))
    assert titles == (["Diat"] if name == "programmes:material_new" else [])


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", ["member", "manager", "outsider"])
def test_people_who_see_a_published_programme_may_not(client, world, name, role):
    url = _url(name, oulus_published(world))
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 403)


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", [r for r in DO_NOT_SEE_A_DRAFT])
def test_others_do_not_find_a_draft(client, world, name, role):
    url = _url(name, oulus_draft(world))
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 404)


@pytest.mark.parametrize("name", URL_NAMES)
def test_oulus_coordinator_cannot_touch_another_organisations_materials(client, world, name):
    url = _url(name, rovaniemis_programme())
    assert_refused(post_changing_nothing(client, world, "coordinator", url, BODY), 404)


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_is_sent_to_log_in(client, world, name):
    url = _url(name, oulus_draft(world))
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, BODY))
