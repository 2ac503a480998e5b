"""The facilitator's dashboard panel: the open and draft workshops they run, open first;
nothing for those who run none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workshops.workshop_setup import make_workshop
from tutori.workshops.selectors import panel_running
from tutori.workshops.services import workshops as services

pytestmark = pytest.mark.django_db


def test_the_panel_lists_running_and_draft_workshops_open_first(client, world):
    draft = make_workshop(world, opened=False, title="Tuleva paja")
    running = make_workshop(world, title="Käynnissä oleva paja")
    services.workshop_close(by=world.coordinator, workshop=make_workshop(world, title="Vanha"))
    assert [w.pk for w in panel_running(world.coordinator)["workshops"]] == [running.pk, draft.pk]
    client.force_login(world.coordinator)
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "Ohjaamasi työpajat" in page and "Käynnissä oleva paja" in page and "Vanha" not in page


def test_no_panel_for_those_who_run_no_workshop(client, world, django_assert_num_queries):
    make_workshop(world)
    assert panel_running(world.outsider) is None  # a coordinator elsewhere: none of theirs
    world.member.__dict__.pop("_tutori_reach", None)
    panel_running(world.member)
    with django_assert_num_queries(0):
        assert panel_running(world.member) is None
    client.force_login(world.member)
    assert "Ohjaamasi työpajat" not in client.get(reverse("dashboard:dashboard")).content.decode()
