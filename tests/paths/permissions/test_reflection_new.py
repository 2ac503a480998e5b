"""Who may write a reflection on a path: the person on it, alone. Their coach, principal and
coordinator see the path but may not; others do not find it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.paths.people_setup import on_path
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import Reflection

URL_NAME = "paths:reflection_new"
BODY = {"text": "Ensimmäinen ryhmä jännitti, mutta sujui hyvin."}


def test_the_person_writes_one(client, world):
    path = on_path(world)
    response = post_as(client, world, "member", reverse(URL_NAME, args=[path.pk]), BODY)
    assert response.status_code == 302
    with scopes_disabled():
        assert list(Reflection.objects.filter(path=path).values_list("text", flat=True)) == [
            BODY["text"]
        ]


@pytest.mark.parametrize("role", ["coach", "manager", "coordinator", "admin"])
def test_those_who_see_the_path_may_not(client, world, role):
    url = reverse(URL_NAME, args=[on_path(world).pk])
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 403)


@pytest.mark.parametrize("role", ["tutor", "outsider", "nobody"])
def test_others_do_not_find_it(client, world, role):
    url = reverse(URL_NAME, args=[on_path(world).pk])
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[on_path(world).pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, BODY))
