"""Who may take a fresh personal link to an anonymous survey from "Omat kyselyt": the person
it was sent to; the new link replaces the old one, and nothing ties the answer to them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.surveys.permissions.distribution_setup import TOKEN, sent
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.surveys.models import Recipient, token_hash

URL_NAME = "surveys:answer_link"


def test_the_teacher_gets_a_fresh_link_and_the_old_one_stops_working(client, world):
    survey, recipient = sent(world)
    response = post_as(client, world, "member", reverse(URL_NAME, args=[survey.pk]))
    assert response.status_code == 302
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    assert Recipient._default_manager.get(pk=recipient.pk).token_hash == token_hash(token)
    assert token != TOKEN
    assert client.get(reverse("surveys:respond", args=[TOKEN])).status_code == 404
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "role", ["tutor", "coach", "manager", "coordinator", "nobody", "outsider", "admin"]
)
def test_nobody_else_gets_a_link_in_their_name(client, world, role):
    survey, _recipient = sent(world)
    url = reverse(URL_NAME, args=[survey.pk])
    assert_refused(post_changing_nothing(client, world, role, url), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    survey, _recipient = sent(world)
    assert_sent_to_login(
        post_changing_nothing(client, world, "anonymous", reverse(URL_NAME, args=[survey.pk]))
    )
