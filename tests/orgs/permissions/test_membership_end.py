"""Who may end a person's membership: the coordinators of the organisation (and above)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.orgs.permissions.conftest import open_roles
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.orgs.models import Membership

URL_NAME = "orgs:membership_end"


def url(membership: Membership) -> str:
    return reverse(URL_NAME, args=[membership.pk])


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_ends_the_teachers_membership(client, world, teachers_membership, role):
    response = post_as(client, world, role, url(teachers_membership))
    assert response.status_code == 302
    ended = Membership._default_manager.get(pk=teachers_membership.pk)
    assert ended.active_to == timezone.localdate()
    assert open_roles(world.member, world.school_a) == []


@pytest.mark.parametrize("role", ["member", "manager"])
def test_people_who_see_the_membership_may_not_end_it(client, world, teachers_membership, role):
    response = post_changing_nothing(client, world, role, url(teachers_membership))
    assert_refused(response, 403)


@pytest.mark.parametrize("role", ["tutor", "coach", "nobody", "outsider"])
def test_others_do_not_find_the_membership(client, world, teachers_membership, role):
    response = post_changing_nothing(client, world, role, url(teachers_membership))
    assert_refused(response, 404)


def test_oulus_coordinator_does_not_find_a_membership_in_kemi(client, world, kemi_membership):
    response = post_changing_nothing(client, world, "coordinator", url(kemi_membership))
    assert_refused(response, 404)


def test_anonymous_is_sent_to_log_in(client, world, teachers_membership):
    response = post_changing_nothing(client, world, "anonymous", url(teachers_membership))
    assert_sent_to_login(response)
