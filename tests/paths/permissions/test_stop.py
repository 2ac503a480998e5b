"""Who may stop a path: the coordinators of the path's organisation (or above it). The
person, their coach and principal see the path but may not; others do not find it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory
from tests.paths.people_setup import fresh, on_path, template_of
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing

URL_NAME = "paths:stop"
BODY = {"reason": "Siirtyi toiseen työpajaan"}


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_coordinator_stops_it(client, world, role):
    path = on_path(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[path.pk]), BODY)
    assert response.status_code == 302
    assert fresh(path).status == "stopped"
    assert fresh(path).stop_reason == BODY["reason"]


@pytest.mark.parametrize("role", ["coach", "member", "manager"])
def test_those_who_see_the_path_may_not(client, world, role):
    url = reverse(URL_NAME, args=[on_path(world).pk])
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 403)


@pytest.mark.parametrize("role", ["tutor", "outsider", "nobody"])
def test_others_do_not_find_it(client, world, role):
    url = reverse(URL_NAME, args=[on_path(world).pk])
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 404)


def test_another_municipalitys_path_is_not_found(client, world):
    kemi_teacher = UserFactory()
    MembershipFactory(user=kemi_teacher, organisation=world.school_k)
    path = on_path(
        world, template_of(world.kemi), person=kemi_teacher, coach=None, organisation=world.school_k
    )
    url = reverse(URL_NAME, args=[path.pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url, BODY), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[on_path(world).pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, BODY))
