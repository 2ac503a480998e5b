"""Who may put people on a path: the coordinators of the template's organisation (or above
it). Others do not find the template (the coach and the person of a path on it see it, but
may not); another municipality's template is not found."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.paths.people_setup import on_path, paths_of, template_of
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing

URL_NAME = "paths:put_on"


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_coordinator_puts_a_person_on(client, world, role):
    template = template_of(world.oulu)
    url = reverse(URL_NAME, args=[template.pk])
    response = post_as(client, world, role, url, {"person": world.member.pk})
    assert response.status_code == 302
    assert [p.template for p in paths_of(world.member)] == [template]


@pytest.mark.parametrize("role", ["coach", "member"])
def test_those_on_or_coaching_a_path_of_it_may_not(client, world, role):
    template = template_of(world.oulu)
    on_path(world, template)
    url = reverse(URL_NAME, args=[template.pk])
    assert_refused(post_changing_nothing(client, world, role, url, {"person": world.tutor.pk}), 403)


@pytest.mark.parametrize("role", ["manager", "tutor", "outsider", "nobody"])
def test_others_do_not_find_it(client, world, role):
    url = reverse(URL_NAME, args=[template_of(world.oulu).pk])
    assert_refused(
        post_changing_nothing(client, world, role, url, {"person": world.member.pk}), 404
    )


def test_another_municipalitys_template_is_not_found(client, world):
    url = reverse(URL_NAME, args=[template_of(world.kemi).pk])
    assert_refused(
        post_changing_nothing(client, world, "coordinator", url, {"person": world.member.pk}), 404
    )


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[template_of(world.oulu).pk])
    assert_sent_to_login(
        post_changing_nothing(client, world, "anonymous", url, {"person": world.member.pk})
    )
