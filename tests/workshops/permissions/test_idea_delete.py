"""Who may delete an idea: its author, while the question collects ideas. Other
participants, the facilitators and everyone else do not find it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workshops.take_part_setup import code_joiner, joined_workshop, member_idea
from tests.writes import assert_refused, post_as, post_changing_nothing
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Idea

URL_NAME = "workshops:idea_delete"


def test_the_author_deletes_it(client, world):
    idea = member_idea(world, joined_workshop(world))
    response = post_as(client, world, "member", reverse(URL_NAME, args=[idea.pk]))
    assert response.status_code == 302
    with scopes_disabled():
        assert not Idea.objects.filter(pk=idea.pk).exists()


def test_another_participant_does_not_find_it(world):
    workshop = joined_workshop(world)
    idea = member_idea(world, workshop)
    assert code_joiner(workshop).post(reverse(URL_NAME, args=[idea.pk])).status_code == 404
    with scopes_disabled():
        assert Idea.objects.filter(pk=idea.pk).exists()


@pytest.mark.parametrize(
    "role", ["coordinator", "admin", "tutor", "manager", "outsider", "nobody", "anonymous"]
)
def test_others_do_not_find_it(client, world, role):
    url = reverse(URL_NAME, args=[member_idea(world, joined_workshop(world)).pk])
    assert_refused(post_changing_nothing(client, world, role, url), 404)
