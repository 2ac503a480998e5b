"""Who may return an assignment: the enrolled participant themselves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.participation_setup import course, elsewhere
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Submission

URL_NAME = "programmes:submit"
BODY = {"text": "Haastattelin työnantajaa."}


def test_the_participant_returns_it(client, world):
    c = course(world)
    response = post_as(client, world, "member", reverse(URL_NAME, args=[c.interim.pk]), BODY)
    assert response.status_code == 302
    assert Submission.objects.get().participant_id == c.member.pk


@pytest.mark.parametrize(
    "role", ["tutor", "coordinator", "admin", "manager", "coach", "outsider", "nobody"]
)
def test_no_one_else_returns_it(client, world, role):
    url = reverse(URL_NAME, args=[course(world).interim.pk])
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 404)


def test_another_organisations_assignment_is_not_found(client, world):
    url = reverse(URL_NAME, args=[elsewhere(world).interim.pk])
    assert_refused(post_changing_nothing(client, world, "member", url, BODY), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[course(world).interim.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, BODY))
