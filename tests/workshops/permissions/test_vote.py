"""Who may vote on a theme and take a vote back: the workshop's participants while voting
runs. Everyone else — facilitators who did not join, another workshop's participants,
anonymous visitors — does not find the theme."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workshops.take_part_setup import code_joiner, joined_workshop, voting_theme
from tests.workshops.workshop_setup import join, make_workshop
from tests.writes import assert_refused, post_as, post_changing_nothing
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Vote
from tutori.workshops.services import participation

URL_NAMES = ["workshops:vote_cast", "workshops:vote_take_back"]


def _votes(theme):
    with scopes_disabled():
        return Vote.objects.filter(theme=theme).count()


def test_the_participant_votes_and_takes_it_back(client, world):
    theme = voting_theme(world, joined_workshop(world))
    cast = post_as(client, world, "member", reverse("workshops:vote_cast", args=[theme.pk]))
    assert cast.status_code == 302
    assert _votes(theme) == 1
    back = client.post(reverse("workshops:vote_take_back", args=[theme.pk]))
    assert back.status_code == 302
    assert _votes(theme) == 0


def test_a_participant_without_account_votes(world):
    workshop = joined_workshop(world)
    browser = code_joiner(workshop)
    theme = voting_theme(world, workshop)
    assert browser.post(reverse("workshops:vote_cast", args=[theme.pk])).status_code == 302
    assert _votes(theme) == 1


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize(
    "role", ["coordinator", "admin", "tutor", "manager", "outsider", "nobody", "anonymous"]
)
def test_those_who_did_not_join_do_not_find_it(client, world, name, role):
    workshop = joined_workshop(world)
    theme = voting_theme(world, workshop)
    participation.vote_cast(participant=join(workshop, user=world.member), theme=theme)
    url = reverse(name, args=[theme.pk])
    assert_refused(post_changing_nothing(client, world, role, url), 404)


@pytest.mark.parametrize("name", URL_NAMES)
def test_another_workshops_participant_does_not_find_it(world, name):
    browser = code_joiner(make_workshop(world, organisation=world.kemi, by=world.outsider))
    theme = voting_theme(world, joined_workshop(world))
    assert browser.post(reverse(name, args=[theme.pk])).status_code == 404
    assert _votes(theme) == 0
