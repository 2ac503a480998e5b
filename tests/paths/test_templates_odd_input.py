"""Odd input to the path templates' pages is a form error or a refusal, never a 500: a step
with generated text, numbers and choices; the list's filters; the note policy's roles."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.core.test_odd_input import FAST, sendable
from tests.paths.templates_setup import SHORT, parik

pytestmark = pytest.mark.django_db

STEP_FIELDS = {
    "title": st.sampled_from(["Lyhyt työnohjaus", "Palaute"]),
    "kind": st.sampled_from(["survey", "supervision", "task"]),
    "responsible": st.sampled_from(["coach", "person"]),
    "instructions": st.just(""),
    "anchor": st.sampled_from(["start", "step", "milestone"]),
    "anchor_step": st.sampled_from(["", "1"]),
    "milestone": st.sampled_from(["", "programmes.completed:1", "surveys.answered:x"]),
    "due_after_days": st.integers(-5, 800).map(str),
    "due_within_days": st.integers(-5, 800).map(str),
    "completed_by": st.sampled_from(["", "surveys.answered:1"]),
    "depends_on": st.sampled_from(["", "1", "99999999999"]),
}


def _odd(fields: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    @st.composite
    def build(draw: Any) -> dict[str, Any]:
        values = {name: draw(strategy, label=name) for name, strategy in fields.items()}
        for name in draw(st.sets(st.sampled_from(list(fields)), max_size=3), label="odd"):
            values[name] = draw(sendable, label=f"odd {name}")
        return values

    return build()


def test_odd_steps_never_fail(client, world):
    p = parik(world.oulu)
    client.force_login(world.coordinator)
    urls = [
        reverse("paths:template_step_new", args=[p.template.pk]),
        reverse("paths:template_step_edit", args=[p.step(SHORT).pk]),
    ]

    @FAST
    @given(_odd(STEP_FIELDS), st.sampled_from(urls))
    def check(fields: dict[str, Any], url: str) -> None:
        body = urlencode(list(fields.items()))
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500

    check()


def test_odd_filters_moves_and_policies_never_fail(client, world):
    p = parik(world.oulu)
    client.force_login(world.coordinator)
    move = reverse("paths:template_step_move", args=[p.step(SHORT).pk])

    @FAST
    @given(sendable, sendable, st.booleans())
    def check(first: Any, second: Any, htmx: bool) -> None:
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        query = urlencode([("q", first), ("archived", second), ("page", first)])
        assert client.get(f"{reverse('paths:templates')}?{query}", **headers).status_code < 500
        assert client.post(move, {"direction": first}).status_code < 500
        policy = urlencode([("org", first), ("roles", second)])
        response = client.post(
            reverse("paths:note_policy"), policy, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code < 500

    check()
