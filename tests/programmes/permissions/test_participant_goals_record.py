"""Who may record an enrolled participant's goals (the talk with each participant): the
programme's trainers and coordinators — not the participant's principal, another participant
or anyone of another organisation. The participant writes their own on their own page
(test_participant_goals.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.participation_setup import course, elsewhere
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Participant

URL_NAME = "programmes:participant_goals"
BODY = {"goals": "Oppia ohjaamaan asiakasta työkokeiluun."}


@pytest.mark.parametrize("role", ["tutor", "coordinator", "admin"])
def test_the_trainer_and_the_coordinator_record_the_goals(client, world, role):
    c = course(world)
    url = reverse(URL_NAME, args=[c.member.pk])
    response = post_as(client, world, role, url, BODY)
    assert response.status_code == 302
    assert Participant._default_manager.get(pk=c.member.pk).goals == BODY["goals"]


@pytest.mark.parametrize("role", ["manager", "member"])
def test_those_who_see_the_participation_may_not(client, world, role):
    url = reverse(URL_NAME, args=[course(world).member.pk])
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 403)


@pytest.mark.parametrize("role", ["coach", "outsider", "nobody"])
def test_others_do_not_find_it(client, world, role):
    url = reverse(URL_NAME, args=[course(world).member.pk])
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 404)


def test_another_organisations_participant_is_not_found(client, world):
    url = reverse(URL_NAME, args=[elsewhere(world).member.pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url, BODY), 404)
    assert_refused(post_changing_nothing(client, world, "tutor", url, BODY), 404)


def test_a_participant_who_left_is_not_recorded_for(client, world):
    c = course(world)
    Participant._default_manager.filter(pk=c.member.pk).update(
        status=Participant.Status.LEFT, leave_reason="no_time"
    )
    url = reverse(URL_NAME, args=[c.member.pk])
    assert_refused(post_changing_nothing(client, world, "tutor", url, BODY), 403)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[course(world).member.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, BODY))
