"""Who may delete a path template nobody is or was on: the coordinators of its organisation.
One that someone is or was on is refused with a message, for them too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.paths.templates_setup import follow, parik
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import PathStep, PathTemplate

URL_NAME = "paths:template_delete"


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_coordinator_deletes_an_unused_one(client, world, role):
    p = parik(world.oulu)
    response = post_as(client, world, role, reverse(URL_NAME, args=[p.template.pk]))
    assert response.status_code == 302
    with scopes_disabled():
        assert not PathTemplate.objects.filter(pk=p.template.pk).exists()
    assert not PathStep.objects.filter(version_id=p.version.pk).exists()


def test_one_someone_is_on_is_not_deleted(client, world):
    p = parik(world.oulu)
    follow(p.version)
    url = reverse(URL_NAME, args=[p.template.pk])
    response = post_changing_nothing(client, world, "coordinator", url)
    assert response.status_code == 302
    assert response["Location"] == reverse("paths:template", args=[p.template.pk])


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "manager", "nobody", "outsider"])
def test_others_do_not_find_it(client, world, role):
    url = reverse(URL_NAME, args=[parik(world.oulu).template.pk])
    assert_refused(post_changing_nothing(client, world, role, url), 404)


def test_another_municipalitys_template_is_not_found(client, world):
    url = reverse(URL_NAME, args=[parik(world.kemi).template.pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[parik(world.oulu).template.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url))
