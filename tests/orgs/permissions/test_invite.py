"""Who may invite a person into an organisation: its coordinators (and those above)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.orgs.permissions.conftest import open_roles
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.accounts.models import User
from tutori.orgs.models import Invitation

URL_NAME = "orgs:invite"
BODY = {"display_name": "Uusi Opettaja", "email": "uusi@example.fi", "role": "tutor"}


def url(organisation) -> str:  # type: ignore[no-untyped-def]
    return reverse(URL_NAME, args=[organisation.pk])


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_invites_a_tutor_to_koulu_a(client, world, role):
    response = post_as(client, world, role, url(world.school_a), BODY)
    assert response.status_code == 302
    invited = User.objects.get(email="uusi@example.fi")
    assert open_roles(invited, world.school_a) == ["tutor"]
    invitation = Invitation._default_manager.get(user=invited)
    assert invitation.organisation == world.school_a
    assert invitation.invited_by == world.by_role(role)


@pytest.mark.parametrize("role", ["manager", "tutor", "coach", "member"])
def test_people_of_koulu_a_who_do_not_coordinate_are_refused(client, world, role):
    response = post_changing_nothing(client, world, role, url(world.school_a), BODY)
    assert_refused(response, 403)


@pytest.mark.parametrize("role", ["nobody", "outsider"])
def test_people_outside_oulu_do_not_find_koulu_a(client, world, role):
    response = post_changing_nothing(client, world, role, url(world.school_a), BODY)
    assert_refused(response, 404)


def test_oulus_coordinator_does_not_find_koulu_k(client, world):
    response = post_changing_nothing(client, world, "coordinator", url(world.school_k), BODY)
    assert_refused(response, 404)


def test_anonymous_is_sent_to_log_in(client, world):
    response = post_changing_nothing(client, world, "anonymous", url(world.school_a), BODY)
    assert_sent_to_login(response)
