"""Who may edit an assignment: the programme's trainers and coordinators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.participation_setup import course, elsewhere
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Assignment

URL_NAME = "programmes:assignment_edit"
BODY = {"kind": "interim", "title": "Välitehtävä I", "instructions": ""}


@pytest.mark.parametrize("role", ["tutor", "coordinator", "admin"])
def test_trainers_and_the_coordinator_edit_it(client, world, role):
    c = course(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[c.interim.pk]), BODY)
    assert response.status_code == 302
    assert Assignment.objects.get(pk=c.interim.pk).title == "Välitehtävä I"


@pytest.mark.parametrize("role", ["manager", "member", "coach", "outsider"])
def test_participants_and_others_who_see_it_may_not(client, world, role):
    url = reverse(URL_NAME, args=[course(world).interim.pk])
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 403)


def test_someone_who_does_not_see_the_programme_gets_404(client, world):
    url = reverse(URL_NAME, args=[course(world).interim.pk])
    assert_refused(post_changing_nothing(client, world, "nobody", url, BODY), 404)


def test_oulus_coordinator_cannot_edit_another_organisations_assignment(client, world):
    url = reverse(URL_NAME, args=[elsewhere(world).interim.pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url, BODY), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[course(world).interim.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, BODY))
