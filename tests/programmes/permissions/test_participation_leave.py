"""Who may record leaving a programme: the participant and the organiser's coordinators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.permissions.completion_cases import elsewhere, ready_teacher
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Participant, Programme

URL_NAME = "programmes:leave"
DATA = {"reason": "moved", "note": "Uusi tehtävä"}


@pytest.mark.parametrize("role", ["member", "coordinator", "admin"])
def test_the_teacher_and_oulus_coordinator_record_it(client, world, role):
    p = ready_teacher(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[p.pk]), DATA)
    assert response.status_code == 302
    left = Participant._default_manager.get(pk=p.pk)
    assert (left.status, left.leave_reason) == ("left", "moved")
    assert Programme._default_manager.get(pk=p.programme_id).enrolled == 0


def test_the_principal_sees_it_but_may_not(client, world):
    url = reverse(URL_NAME, args=[ready_teacher(world).pk])
    assert_refused(post_changing_nothing(client, world, "manager", url, DATA), 403)


@pytest.mark.parametrize("role", ["tutor", "coach", "nobody", "outsider"])
def test_people_who_do_not_see_it_get_404(client, world, role):
    url = reverse(URL_NAME, args=[ready_teacher(world).pk])
    assert_refused(post_changing_nothing(client, world, role, url, DATA), 404)


def test_oulus_coordinator_cannot_in_kemis_programme(client, world):
    url = reverse(URL_NAME, args=[elsewhere(world).pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url, DATA), 404)


def test_without_a_reason_nothing_changes_and_it_says_why(client, world):
    url = reverse(URL_NAME, args=[ready_teacher(world).pk])
    response = post_changing_nothing(client, world, "member", url, {"note": "x"})
    assert response.status_code == 400
    assert "Valitse keskeyttämisen syy." in response.content.decode()


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[ready_teacher(world).pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, DATA))
