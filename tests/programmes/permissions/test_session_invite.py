"""Who may mail the follow-up meeting's invitation: the organiser's coordinators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.permissions.completion_cases import elsewhere, follow_up, ready_teacher
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing

URL_NAME = "programmes:follow_up_invite"


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_invites(
    client, world, role, mailoutbox, django_capture_on_commit_callbacks
):
    session = follow_up(ready_teacher(world))
    with django_capture_on_commit_callbacks(execute=True):
        response = post_as(client, world, role, reverse(URL_NAME, args=[session.pk]))
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[world.member.email]]


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "manager", "outsider"])
def test_people_who_see_the_programme_may_not(client, world, role):
    url = reverse(URL_NAME, args=[follow_up(ready_teacher(world)).pk])
    assert_refused(post_changing_nothing(client, world, role, url), 403)


def test_nobody_does_not_find_it(client, world):
    url = reverse(URL_NAME, args=[follow_up(ready_teacher(world)).pk])
    assert_refused(post_changing_nothing(client, world, "nobody", url), 404)


def test_oulus_coordinator_cannot_invite_to_kemis_meeting(client, world):
    url = reverse(URL_NAME, args=[follow_up(elsewhere(world)).pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url), 403)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[follow_up(ready_teacher(world)).pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url))
