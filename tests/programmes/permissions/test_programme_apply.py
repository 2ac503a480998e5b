"""Who may apply to a programme: the people who see it (for themselves), a manager on behalf
of their own people; nobody else, and never outside the application window."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.programmes.applications_setup import open_programme
from tests.programmes.permissions.applications_cases import elsewhere
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Participant, Programme

URL_NAME = "programmes:apply"
BODY = {"motivation": "Haluan oppia ohjaamaan.", "answer_0": "Työvalmentaja"}


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "manager", "outsider"])
def test_people_who_see_the_programme_apply_for_themselves(client, world, role):
    programme = open_programme(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[programme.pk]), BODY)
    assert response.status_code == 302
    p = Participant._default_manager.get(programme=programme)
    assert p.person == world.by_role(role)
    assert p.status == Participant.Status.APPLIED


def test_the_manager_applies_on_behalf_of_their_teacher(client, world):
    programme = open_programme(world)
    data = {**BODY, "person": str(world.member.pk)}
    response = post_as(client, world, "manager", reverse(URL_NAME, args=[programme.pk]), data)
    assert response.status_code == 302
    p = Participant._default_manager.get(programme=programme)
    assert (p.person, p.applied_by) == (world.member, world.manager)


def test_someone_who_is_not_their_manager_cannot_apply_for_a_teacher(client, world):
    """The tutor has no people of their own: a person named in the request is not offered,
    so whatever is saved is the tutor's own application, never the teacher's."""
    programme = open_programme(world)
    data = {**BODY, "person": str(world.member.pk)}
    post_as(client, world, "tutor", reverse(URL_NAME, args=[programme.pk]), data)
    assert not Participant._default_manager.filter(person=world.member).exists()


def test_a_manager_cannot_apply_for_someone_outside_their_school(client, world):
    """Naming a person who is not one of the manager's people is a 404, nothing saved."""
    programme = open_programme(world)
    data = {**BODY, "person": str(world.outsider.pk)}
    url = reverse(URL_NAME, args=[programme.pk])
    response = post_changing_nothing(client, world, "manager", url, data)
    assert response.status_code == 400  # the choice is not offered: a form error


def test_outside_the_window_nothing_is_saved(client, world):
    programme = open_programme(world)
    Programme._default_manager.filter(pk=programme.pk).update(
        applications_close_on=timezone.localdate() - dt.timedelta(days=1)
    )
    response = post_changing_nothing(
        client, world, "member", reverse(URL_NAME, args=[programme.pk]), BODY
    )
    assert response.status_code == 400


def test_people_who_do_not_see_the_programme_get_404(client, world):
    programme = open_programme(world)
    url = reverse(URL_NAME, args=[programme.pk])
    assert_refused(post_changing_nothing(client, world, "nobody", url, BODY), 404)


def test_oulus_people_cannot_apply_to_another_organisations_programme(client, world):
    programme, _p = elsewhere(world)
    url = reverse(URL_NAME, args=[programme.pk])
    for role in ("member", "coordinator"):
        assert_refused(post_changing_nothing(client, world, role, url, BODY), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[open_programme(world).pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, BODY))
