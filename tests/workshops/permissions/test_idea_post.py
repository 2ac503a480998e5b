"""Who may post an idea to a question: the workshop's participants (with an account or by
the key in their session), nobody else — not the facilitators who have not joined, not
another workshop's participants, not an anonymous visitor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workshops.take_part_setup import code_joiner, first_question, joined_workshop
from tests.workshops.workshop_setup import make_workshop
from tests.writes import assert_refused, post_as, post_changing_nothing
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Idea

URL_NAME = "workshops:idea_post"
BODY = {"text": "Tutor mukaan suunnittelupäivään"}


def _ideas(question):
    with scopes_disabled():
        return list(Idea.objects.filter(question=question).values_list("text", flat=True))


def test_the_participant_posts(client, world):
    question = first_question(joined_workshop(world))
    response = post_as(client, world, "member", reverse(URL_NAME, args=[question.pk]), BODY)
    assert response.status_code == 302
    assert _ideas(question) == [BODY["text"]]


def test_a_participant_without_account_posts(world):
    workshop = joined_workshop(world)
    question = first_question(workshop)
    assert (
        code_joiner(workshop).post(reverse(URL_NAME, args=[question.pk]), BODY).status_code == 302
    )
    assert _ideas(question) == [BODY["text"]]


@pytest.mark.parametrize(
    "role", ["coordinator", "admin", "tutor", "manager", "coach", "outsider", "nobody", "anonymous"]
)
def test_those_who_did_not_join_do_not_find_it(client, world, role):
    url = reverse(URL_NAME, args=[first_question(joined_workshop(world)).pk])
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 404)


def test_another_workshops_participant_does_not_find_it(world):
    other = make_workshop(world, organisation=world.kemi, by=world.outsider)
    browser = code_joiner(other)
    url = reverse(URL_NAME, args=[first_question(joined_workshop(world)).pk])
    response = browser.post(url, BODY)
    assert response.status_code == 404
