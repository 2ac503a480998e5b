"""Who may review a returned assignment (accept, or return with feedback): the programme's
trainers and coordinators. The participant reads it but may not review it; another
participant and the participant's principal do not even see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.participation_setup import course, elsewhere, submitted
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Submission

URL_NAME = "programmes:submission"
ACCEPT = {"decision": "accept", "feedback": "Hyvä!"}


def members_work(world):  # type: ignore[no-untyped-def]
    c = course(world)
    return submitted(c.member, c.interim)


@pytest.mark.parametrize("role", ["tutor", "coordinator", "admin"])
def test_trainers_and_the_coordinator_accept_it(client, world, role):
    s = members_work(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[s.pk]), ACCEPT)
    assert response.status_code == 302
    assert Submission.objects.get(pk=s.pk).status == Submission.Status.ACCEPTED


def test_the_participant_reads_but_may_not_accept_their_own(client, world):
    url = reverse(URL_NAME, args=[members_work(world).pk])
    assert_refused(post_changing_nothing(client, world, "member", url, ACCEPT), 403)


@pytest.mark.parametrize("role", ["manager", "coach", "outsider", "nobody"])
def test_others_do_not_see_it(client, world, role):
    url = reverse(URL_NAME, args=[members_work(world).pk])
    assert_refused(post_changing_nothing(client, world, role, url, ACCEPT), 404)


def test_another_participant_does_not_see_it(client, world):
    c = course(world)
    s = submitted(c.other, c.interim)
    url = reverse(URL_NAME, args=[s.pk])
    assert_refused(post_changing_nothing(client, world, "member", url, ACCEPT), 404)


def test_oulus_coordinator_cannot_review_in_another_organisations_programme(client, world):
    c = elsewhere(world)
    url = reverse(URL_NAME, args=[submitted(c.member, c.interim).pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url, ACCEPT), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[members_work(world).pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, ACCEPT))
