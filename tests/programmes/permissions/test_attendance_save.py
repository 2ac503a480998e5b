"""Who may mark a session's attendance: the programme's trainers and coordinators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.participation_setup import course, elsewhere
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Attendance


def body(c):  # type: ignore[no-untyped-def]
    return {
        f"status_{c.member.pk}": "present",
        f"status_{c.other.pk}": "partial",
        f"hours_{c.other.pk}": "2,5",
    }


URL_NAME = "programmes:attendance"


@pytest.mark.parametrize("role", ["tutor", "coordinator", "admin"])
def test_trainers_and_the_coordinator_mark_it(client, world, role):
    c = course(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[c.session.pk]), body(c))
    assert response.status_code == 302
    assert Attendance.objects.filter(session=c.session).count() == 2


@pytest.mark.parametrize("role", ["manager", "member", "coach", "outsider"])
def test_participants_and_others_who_see_it_may_not(client, world, role):
    c = course(world)
    url = reverse(URL_NAME, args=[c.session.pk])
    assert_refused(post_changing_nothing(client, world, role, url, body(c)), 403)


def test_someone_who_does_not_see_the_programme_gets_404(client, world):
    c = course(world)
    url = reverse(URL_NAME, args=[c.session.pk])
    assert_refused(post_changing_nothing(client, world, "nobody", url, body(c)), 404)


def test_oulus_coordinator_cannot_mark_another_organisations_session(client, world):
    c = elsewhere(world)
    url = reverse(URL_NAME, args=[c.session.pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url, body(c)), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    c = course(world)
    url = reverse(URL_NAME, args=[c.session.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, body(c)))
