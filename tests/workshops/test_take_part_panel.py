""" "Työpajani" on the dashboard: the open workshops one joined with one's account, linked to
their pages; nothing for whoever joined none (or only closed ones)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workshops.take_part_setup import joined_workshop
from tests.workshops.workshop_setup import make_workshop
from tutori.workshops.panels_take_part import panel_joined
from tutori.workshops.services import workshops as workshop_services

pytestmark = pytest.mark.django_db


def test_the_dashboard_links_to_the_open_workshops_one_joined(client, world):
    workshop = joined_workshop(world, title="Puimala tänään")
    make_workshop(world, title="Toinen, ei liitytty")
    client.force_login(world.member)
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "Työpajani" in html
    assert reverse("workshops:take_part", args=[workshop.pk]) in html
    assert "Puimala tänään" in html and "Toinen, ei liitytty" not in html


def test_no_panel_without_an_open_workshop(world):
    workshop = joined_workshop(world)
    assert panel_joined(world.tutor) is None
    workshop_services.workshop_close(by=world.coordinator, workshop=workshop)
    assert panel_joined(world.member) is None
