"""Who may apply a checked roster: the person who uploaded it, and only to organisations they
still manage."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.orgs.permissions.conftest import open_roles, roster_file
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.accounts.models import User
from tutori.orgs.models import Membership, RosterImport

URL_NAME = "orgs:import_preview"


@pytest.fixture
def preview(client, world) -> RosterImport:  # type: ignore[no-untyped-def]
    """Oulu's coordinator's checked roster: Aino Aalto joins Koulu A as a member."""
    client.force_login(world.coordinator)
    client.post(
        reverse("orgs:import"), {"file": roster_file("Aino;aino@example.fi;Koulu A;member")}
    )
    client.logout()
    return RosterImport._default_manager.get(created_by=world.coordinator)


def url(roster_import: RosterImport) -> str:
    return reverse(URL_NAME, args=[roster_import.pk])


def test_the_uploader_applies_their_roster(client, world, preview):
    response = post_as(client, world, "coordinator", url(preview))
    assert response.status_code == 302
    aino = User.objects.get(email="aino@example.fi")
    assert open_roles(aino, world.school_a) == ["member"]
    assert RosterImport._default_manager.get(pk=preview.pk).status == RosterImport.Status.APPLIED


@pytest.mark.parametrize(
    "role", ["admin", "manager", "tutor", "coach", "member", "nobody", "outsider"]
)
def test_no_one_else_finds_the_roster(client, world, preview, role):
    response = post_changing_nothing(client, world, role, url(preview))
    assert_refused(response, 404)


def test_a_roster_of_kemis_coordinator_naming_koulu_a_applies_nothing(client, world):
    """Their own preview, but with a line that names another municipality's school."""
    forged = RosterImport._default_manager.create(
        created_by=world.outsider,
        filename="lista.csv",
        rows=[
            {
                "line": 2,
                "name": "Aino",
                "email": "aino@example.fi",
                "organisation_id": world.school_a.pk,
                "organisation": "Koulu A",
                "role": "coordinator",
                "phone": "",
                "language": "",
                "action": "create",
            }
        ],
        summary={"create": 1, "total": 1},
    )
    response = post_changing_nothing(client, world, "outsider", url(forged))
    assert response.status_code == 302


def test_a_coordinator_whose_role_ended_applies_nothing(client, world, preview):
    Membership._default_manager.filter(user=world.coordinator).update(
        active_to=timezone.localdate()
    )
    response = post_changing_nothing(client, world, "coordinator", url(preview))
    assert response.status_code == 302


def test_anonymous_is_sent_to_log_in(client, world, preview):
    response = post_changing_nothing(client, world, "anonymous", url(preview))
    assert_sent_to_login(response)
