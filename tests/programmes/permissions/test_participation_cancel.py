"""Who may cancel an application or an enrolment: the person themselves and the organiser's
coordinators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.applications_setup import enrolled, open_programme
from tests.programmes.permissions.applications_cases import elsewhere
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Participant, Programme

URL_NAME = "programmes:cancel"


def teachers_place(world):  # type: ignore[no-untyped-def]
    return enrolled(open_programme(world), world.member, world.school_a)


@pytest.mark.parametrize("role", ["member", "coordinator", "admin"])
def test_the_teacher_and_oulus_coordinator_cancel(client, world, role):
    p = teachers_place(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[p.pk]), {"reason": "Kiire"})
    assert response.status_code == 302
    assert Participant._default_manager.get(pk=p.pk).status == Participant.Status.WITHDRAWN
    assert Programme._default_manager.get(pk=p.programme_id).enrolled == 0


def test_the_principal_sees_it_but_may_not_cancel(client, world):
    url = reverse(URL_NAME, args=[teachers_place(world).pk])
    assert_refused(post_changing_nothing(client, world, "manager", url), 403)


@pytest.mark.parametrize("role", ["tutor", "coach", "nobody", "outsider"])
def test_people_who_do_not_see_it_get_404(client, world, role):
    url = reverse(URL_NAME, args=[teachers_place(world).pk])
    assert_refused(post_changing_nothing(client, world, role, url), 404)


def test_oulus_coordinator_cannot_cancel_another_organisations_application(client, world):
    _programme, p = elsewhere(world)
    url = reverse(URL_NAME, args=[p.pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[teachers_place(world).pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url))
