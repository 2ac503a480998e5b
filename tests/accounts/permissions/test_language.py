"""Who may change the language: anyone, for their own browser and, logged in, their account."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.writes import post_as, post_changing_nothing
from tutori.accounts.models import User

URL_NAME = "accounts:language"


def languages() -> dict[int, str]:
    return dict(User.objects.values_list("pk", "preferred_language"))


@pytest.mark.parametrize("role", ["member", "nobody", "outsider", "admin"])
def test_a_logged_in_person_changes_their_own_language_only(client, world, role):
    before = languages()
    response = post_as(client, world, role, reverse(URL_NAME), {"language": "sv"})
    assert response.status_code == 302
    person = world.by_role(role)
    assert languages() == {**before, person.pk: "sv"}
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"


def test_anonymous_changes_only_their_browsers_cookie(client, world):
    data = {"language": "sv"}
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), data)
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"


def test_an_unknown_language_changes_nothing(client, world):
    data = {"language": "xx"}
    response = post_changing_nothing(client, world, "member", reverse(URL_NAME), data)
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
