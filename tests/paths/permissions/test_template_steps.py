"""Who may add, edit, remove and move the steps of a path template: the coordinators of its
organisation. Nobody else finds the template or its steps (Kemi's coordinator neither)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.paths.templates_setup import LONG, SHORT, TRAINING, WILLING, Parik, parik, steps_of
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing

URL_NAMES = [
    "paths:template_step_new",
    "paths:template_step_edit",
    "paths:template_step_remove",
    "paths:template_step_move",
]


def step_body(title: str = "Palautekysely") -> dict[str, Any]:
    return {
        "title": title,
        "kind": "feedback",
        "responsible": "person",
        "instructions": "",
        "anchor": "start",
        "due_after_days": "0",
        "due_within_days": "30",
    }


def request_of(name: str, p: Parik) -> tuple[str, dict[str, Any]]:
    """The URL and a valid body of each write."""
    if name == "paths:template_step_new":
        return reverse(name, args=[p.template.pk]), step_body()
    if name == "paths:template_step_edit":
        return reverse(name, args=[p.step(TRAINING).pk]), step_body("Koulutus")
    if name == "paths:template_step_remove":
        return reverse(name, args=[p.step(LONG).pk]), {}
    return reverse(name, args=[p.step(SHORT).pk]), {"direction": "up"}


def titles(p: Parik) -> list[str]:
    return [s.title for s in steps_of(p.version)]


EXPECTED = {
    "paths:template_step_new": [WILLING, TRAINING, SHORT, LONG, "Palautekysely"],
    "paths:template_step_edit": [WILLING, "Koulutus", SHORT, LONG],
    "paths:template_step_remove": [WILLING, TRAINING, SHORT],
    "paths:template_step_move": [WILLING, SHORT, TRAINING, LONG],
}


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_coordinator_changes_the_steps(client, world, role, name):
    p = parik(world.oulu)
    url, data = request_of(name, p)
    assert post_as(client, world, role, url, data).status_code == 302
    assert titles(p) == EXPECTED[name]


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", ["member", "tutor", "coach", "manager", "nobody", "outsider"])
def test_others_do_not_find_them(client, world, role, name):
    url, data = request_of(name, parik(world.oulu))
    assert_refused(post_changing_nothing(client, world, role, url, data), 404)


@pytest.mark.parametrize("name", URL_NAMES)
def test_another_municipalitys_steps_are_not_found(client, world, name):
    url, data = request_of(name, parik(world.kemi))
    assert_refused(post_changing_nothing(client, world, "coordinator", url, data), 404)


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_is_sent_to_log_in(client, world, name):
    url, data = request_of(name, parik(world.oulu))
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, data))
