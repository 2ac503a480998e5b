"""Who may archive a path template (or bring it back): the coordinators of its organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.paths.templates_setup import parik
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import PathTemplate

URL_NAME = "paths:template_archive"


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_coordinator_archives_it_and_brings_it_back(client, world, role):
    template = parik(world.oulu).template
    url = reverse(URL_NAME, args=[template.pk])
    assert post_as(client, world, role, url).status_code == 302
    with scopes_disabled():
        assert PathTemplate.objects.get(pk=template.pk).archived_at is not None
    assert post_as(client, world, role, url).status_code == 302
    with scopes_disabled():
        assert PathTemplate.objects.get(pk=template.pk).archived_at is None


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
