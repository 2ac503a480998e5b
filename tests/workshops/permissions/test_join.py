"""Who may join a workshop: anyone with its code — a signed-in person of any organisation
with their account, a visitor without one with a display name. A closed workshop's code or a
wrong one joins nobody."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.workshops.workshop_setup import make_workshop
from tests.writes import assert_refused, post_as, post_changing_nothing
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import WorkshopParticipant
from tutori.workshops.services import workshops as workshop_services

URL_NAMES = ["workshops:join", "workshops:join_code"]


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def _joined(workshop):
    with scopes_disabled():
        return list(WorkshopParticipant.objects.filter(workshop=workshop))


@pytest.mark.parametrize("role", ["member", "outsider", "nobody", "coordinator"])
def test_signed_in_people_of_any_organisation_join_with_their_account(client, world, role):
    workshop = make_workshop(world)
    response = post_as(client, world, role, reverse("workshops:join"), {"code": workshop.join_code})
    assert response.status_code == 302
    assert [p.user for p in _joined(workshop)] == [world.by_role(role)]


def test_a_visitor_without_account_joins_with_a_name(client, world):
    workshop = make_workshop(world)
    url = reverse("workshops:join_code", args=[workshop.join_code])
    response = post_as(client, world, "anonymous", url, {"display_name": "Vieras"})
    assert response.status_code == 302
    assert [(p.user, p.display_name) for p in _joined(workshop)] == [(None, "Vieras")]


@pytest.mark.parametrize("role", ["anonymous", "member", "outsider"])
def test_a_closed_workshops_code_joins_nobody(client, world, role):
    workshop = make_workshop(world)
    workshop_services.workshop_close(by=world.coordinator, workshop=workshop)
    body = {"code": workshop.join_code, "display_name": "Myöhäinen"}
    assert_refused(post_changing_nothing(client, world, role, reverse("workshops:join"), body), 400)
    url = reverse("workshops:join_code", args=[workshop.join_code])
    assert_refused(post_changing_nothing(client, world, role, url, body), 404)


def test_a_draft_workshop_cannot_be_joined(client, world):
    workshop = make_workshop(world, opened=False)
    assert workshop.join_code is None
    body = {"code": "ABCDEF", "display_name": "Aikainen"}
    response = post_changing_nothing(client, world, "anonymous", reverse("workshops:join"), body)
    assert_refused(response, 400)
