"""The dashboard's "Oma polkuni" panel (one's running paths with the next step) instead of a
menu entry for everyone; the menu shows the path pages by role, inside the coordinator's
existing groups."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.paths.people_setup import WILLING, on_path
from tutori.paths.selectors.people import panel_mine

pytestmark = pytest.mark.django_db


def test_the_panel_shows_ones_running_path_and_its_next_step(client, world):
    path = on_path(world)
    panel = panel_mine(user=world.member)
    assert panel is not None
    [page] = panel["pages"]
    assert page.path == path and page.next_step.ps.step.title == WILLING
    client.force_login(world.member)
    text = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "Oma polkuni" in text and reverse("paths:mine") in text and WILLING in text


def test_no_panel_and_no_menu_entry_for_one_on_no_path(
    client, world, django_assert_max_num_queries
):
    assert panel_mine(user=world.member) is None
    with django_assert_max_num_queries(1):
        panel_mine(user=world.member)
    client.force_login(world.member)
    text = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "Oma polkuni" not in text


def test_the_coach_has_valmennettavat_in_the_menu_the_coordinator_its_groups(client, world):
    client.force_login(world.coach)
    nav = client.get(reverse("dashboard:dashboard")).content.decode()
    assert reverse("paths:coach") in nav and reverse("paths:templates") not in nav
    client.force_login(world.coordinator)
    nav = client.get(reverse("dashboard:dashboard")).content.decode()
    assert reverse("paths:templates") in nav and reverse("paths:people") in nav
    assert reverse("paths:reports") in nav and reverse("paths:coach") not in nav
