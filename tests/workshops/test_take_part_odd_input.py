"""Odd input to the pages a participant writes through — the join forms, an idea, the poll's
stamp — never fails: whatever a request carries is a form error, a refusal or no change."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.core.test_odd_input import FAST, sendable
from tests.workshops.take_part_setup import code_joiner, first_question, joined_workshop

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _post(client, url, fields, **headers):
    body = urlencode(list(fields.items()))
    return client.post(url, body, content_type="application/x-www-form-urlencoded", **headers)


def test_odd_codes_and_names_never_fail(client, world):
    workshop = joined_workshop(world)
    urls = [reverse("workshops:join"), reverse("workshops:join_code", args=[workshop.join_code])]

    @FAST
    @given(st.sampled_from(urls), sendable, sendable)
    def check(url, code, name):
        cache.clear()  # the throttle would answer 429 before looking at anything
        response = _post(client, url, {"code": code, "display_name": name})
        assert response.status_code < 500

    check()


def test_odd_ideas_and_stamps_never_fail(world):
    workshop = joined_workshop(world)
    question = first_question(workshop)
    browser = code_joiner(workshop)
    post = reverse("workshops:idea_post", args=[question.pk])
    live = reverse("workshops:take_part_live", args=[question.pk])

    @FAST
    @given(sendable, st.booleans(), sendable)
    def check(text, htmx, stamp):
        headers = HTMX if htmx else {}
        assert _post(browser, post, {"text": text}, **headers).status_code < 500
        polled = browser.get(f"{live}?{urlencode({'stamp': stamp})}", **HTMX)
        assert polled.status_code < 500

    check()
