"""Who may upload a roster for checking: people who manage people somewhere; every line must
name an organisation they manage."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.orgs.permissions.conftest import roster_file
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.orgs.models import RosterImport

URL_NAME = "orgs:import"
KOULU_A_LINE = "Aino Aalto;aino@example.fi;Koulu A;member"


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_gets_a_preview_of_a_koulu_a_roster(client, world, role):
    response = post_as(client, world, role, reverse(URL_NAME), {"file": roster_file(KOULU_A_LINE)})
    preview = RosterImport._default_manager.get(created_by=world.by_role(role))
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:import_preview", args=[preview.pk])
    assert preview.status == RosterImport.Status.PREVIEW
    assert [row["organisation_id"] for row in preview.rows] == [world.school_a.pk]


@pytest.mark.parametrize("role", ["manager", "tutor", "coach", "member", "nobody"])
def test_people_who_manage_no_one_are_refused(client, world, role):
    data = {"file": roster_file(KOULU_A_LINE)}
    response = post_changing_nothing(client, world, role, reverse(URL_NAME), data)
    assert_refused(response, 403)


def test_kemis_coordinator_cannot_import_people_into_koulu_a(client, world):
    data = {"file": roster_file(KOULU_A_LINE)}
    response = post_changing_nothing(client, world, "outsider", reverse(URL_NAME), data)
    assert response.status_code == 400
    assert "Koulu A" in " ".join(p.message for p in response.context["problems"])


def test_one_foreign_line_spoils_the_whole_file(client, world):
    """Kemi's coordinator's own Koulu K and one line naming Koulu A: nothing is previewed."""
    data = {"file": roster_file("Kalle K;kalle@example.fi;Koulu K;member", KOULU_A_LINE)}
    response = post_changing_nothing(client, world, "outsider", reverse(URL_NAME), data)
    assert response.status_code == 400


def test_anonymous_is_sent_to_log_in(client, world):
    data = {"file": roster_file(KOULU_A_LINE)}
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), data)
    assert_sent_to_login(response)
