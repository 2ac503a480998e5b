"""Who may mark a step of a person's path done: the path's coach and the coordinators of its
organisation. The person and their principal see the path but may not; others do not find it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.paths.coach_setup import WILLING, coached, elsewhere, fresh
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing

URL_NAME = "paths:step_done"


def body():
    return {"done_on": timezone.localdate().isoformat()}


@pytest.mark.parametrize("role", ["coach", "coordinator", "admin"])
def test_the_coach_and_the_coordinator_mark_it_done(client, world, role):
    ps = coached(world).step(WILLING)
    response = post_as(client, world, role, reverse(URL_NAME, args=[ps.pk]), body())
    assert response.status_code == 302
    assert fresh(ps).done_on == timezone.localdate()
    assert fresh(ps).done_by == world.by_role(role)


@pytest.mark.parametrize("role", ["manager", "member"])
def test_those_who_see_the_path_may_not(client, world, role):
    url = reverse(URL_NAME, args=[coached(world).step(WILLING).pk])
    assert_refused(post_changing_nothing(client, world, role, url, body()), 403)


@pytest.mark.parametrize("role", ["tutor", "outsider", "nobody"])
def test_others_do_not_find_it(client, world, role):
    url = reverse(URL_NAME, args=[coached(world).step(WILLING).pk])
    assert_refused(post_changing_nothing(client, world, role, url, body()), 404)


def test_another_organisations_step_is_not_found(client, world):
    url = reverse(URL_NAME, args=[elsewhere(world).step(WILLING).pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url, body()), 404)
    assert_refused(post_changing_nothing(client, world, "coach", url, body()), 404)


def test_a_stopped_paths_step_is_not_marked(client, world):
    c = coached(world)
    type(c.path).internal_objects.filter(pk=c.path.pk).update(status="stopped")
    url = reverse(URL_NAME, args=[c.step(WILLING).pk])
    response = post_changing_nothing(client, world, "coach", url, body())
    assert response.status_code == 400
    assert "Polku ei ole enää käynnissä." in response.content.decode()


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[coached(world).step(WILLING).pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, body()))
