"""Who may create a workshop: the coordinators and tutors of an organisation, in the
organisations they reach; nobody in another organisation's name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Workshop

URL_NAME = "workshops:new"


def body(organisation):
    return {
        "organisation": organisation.pk,
        "title": "Puimala",
        "held_on": "2026-11-20",
        "questions": "Mitä?",
        "votes_per_participant": "3",
        "votes_per_theme": "1",
        "anonymous": "on",
    }


@pytest.mark.parametrize(
    ("role", "where"),
    [("coordinator", "oulu"), ("tutor", "school_a"), ("outsider", "kemi"), ("admin", "kemi")],
)
def test_coordinators_and_tutors_create_one(client, world, role, where):
    organisation = getattr(world, where)
    response = post_as(client, world, role, reverse(URL_NAME), body(organisation))
    assert response.status_code == 302
    with scopes_disabled():
        made = Workshop.objects.get()
    assert (made.organisation, made.created_by) == (organisation, world.by_role(role))


@pytest.mark.parametrize("role", ["member", "manager", "coach", "nobody"])
def test_others_may_not(client, world, role):
    response = post_changing_nothing(client, world, role, reverse(URL_NAME), body(world.school_a))
    assert_refused(response, 403)


def test_not_in_another_organisations_name(client, world):
    response = post_changing_nothing(
        client, world, "coordinator", reverse(URL_NAME), body(world.kemi)
    )
    assert response.status_code == 400


def test_anonymous_is_sent_to_log_in(client, world):
    response = post_changing_nothing(
        client, world, "anonymous", reverse(URL_NAME), body(world.oulu)
    )
    assert_sent_to_login(response)
