"""Who may remove an assignment (one without returned work): the programme's trainers and
coordinators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.participation_setup import course, elsewhere, submitted
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Assignment

URL_NAME = "programmes:assignment_delete"


@pytest.mark.parametrize("role", ["tutor", "coordinator", "admin"])
def test_trainers_and_the_coordinator_remove_it(client, world, role):
    c = course(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[c.interim.pk]))
    assert response.status_code == 302
    assert not Assignment.objects.filter(pk=c.interim.pk).exists()


def test_one_with_returned_work_stays(client, world):
    c = course(world)
    submitted(c.member, c.interim)
    response = post_changing_nothing(client, world, "tutor", reverse(URL_NAME, args=[c.interim.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["manager", "member", "coach", "outsider"])
def test_participants_and_others_who_see_it_may_not(client, world, role):
    url = reverse(URL_NAME, args=[course(world).interim.pk])
    assert_refused(post_changing_nothing(client, world, role, url), 403)


def test_someone_who_does_not_see_the_programme_gets_404(client, world):
    url = reverse(URL_NAME, args=[course(world).interim.pk])
    assert_refused(post_changing_nothing(client, world, "nobody", url), 404)


def test_oulus_coordinator_cannot_remove_another_organisations_assignment(client, world):
    url = reverse(URL_NAME, args=[elsewhere(world).interim.pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[course(world).interim.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url))
