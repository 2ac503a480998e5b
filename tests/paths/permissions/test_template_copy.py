"""Who may copy a path template: the coordinators of its organisation, into an organisation
they organise paths in. Kemi's coordinator does not find Oulu's template."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.paths.templates_setup import parik
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import PathStep, PathTemplate

URL_NAME = "paths:template_copy"


def body(world):
    return {"organisation": world.oulu.pk, "name": "Vertaisohjaajan polku 2028"}


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_coordinator_copies_it(client, world, role):
    p = parik(world.oulu)
    response = post_as(client, world, role, reverse(URL_NAME, args=[p.template.pk]), body(world))
    assert response.status_code == 302
    with scopes_disabled():
        copy = PathTemplate.objects.get(name="Vertaisohjaajan polku 2028")
        assert PathStep.objects.filter(version__template=copy).count() == 4


def test_the_copy_may_not_go_to_an_organisation_one_does_not_organise(client, world):
    url = reverse(URL_NAME, args=[parik(world.oulu).template.pk])
    data = {**body(world), "organisation": world.kemi.pk}
    assert_refused(post_changing_nothing(client, world, "coordinator", url, data), 400)


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "manager", "nobody", "outsider"])
def test_others_do_not_find_it(client, world, role):
    url = reverse(URL_NAME, args=[parik(world.oulu).template.pk])
    assert_refused(post_changing_nothing(client, world, role, url, body(world)), 404)


def test_another_municipalitys_template_is_not_found(client, world):
    url = reverse(URL_NAME, args=[parik(world.kemi).template.pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url, body(world)), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[parik(world.oulu).template.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, body(world)))
