"""Who may move a step's window (with a reason): the path's coach and the coordinators of its
organisation. The person and their principal see the path but may not; others do not find it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.paths.coach_setup import SHORT, coached, elsewhere, fresh
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing

URL_NAME = "paths:step_reschedule"


def body():
    first = timezone.localdate() + dt.timedelta(days=30)
    return {
        "due_from": first.isoformat(),
        "due_to": (first + dt.timedelta(days=7)).isoformat(),
        "reason": "Valmentautuja sairastui.",
    }


@pytest.mark.parametrize("role", ["coach", "coordinator", "admin"])
def test_the_coach_and_the_coordinator_move_it(client, world, role):
    ps = coached(world).step(SHORT)
    response = post_as(client, world, role, reverse(URL_NAME, args=[ps.pk]), body())
    assert response.status_code == 302
    moved = fresh(ps)
    assert moved.due_from == timezone.localdate() + dt.timedelta(days=30)
    assert (moved.rescheduled_reason, moved.rescheduled_by) == (
        "Valmentautuja sairastui.",
        world.by_role(role),
    )


@pytest.mark.parametrize("role", ["manager", "member"])
def test_those_who_see_the_path_may_not(client, world, role):
    url = reverse(URL_NAME, args=[coached(world).step(SHORT).pk])
    assert_refused(post_changing_nothing(client, world, role, url, body()), 403)


@pytest.mark.parametrize("role", ["tutor", "outsider", "nobody"])
def test_others_do_not_find_it(client, world, role):
    url = reverse(URL_NAME, args=[coached(world).step(SHORT).pk])
    assert_refused(post_changing_nothing(client, world, role, url, body()), 404)


def test_another_organisations_step_is_not_found(client, world):
    url = reverse(URL_NAME, args=[elsewhere(world).step(SHORT).pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url, body()), 404)
    assert_refused(post_changing_nothing(client, world, "coach", url, body()), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[coached(world).step(SHORT).pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, body()))
