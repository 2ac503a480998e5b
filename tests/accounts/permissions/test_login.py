"""Who may log in: a person with an active account and its password, and no one as another."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.accounts.permissions.conftest import after_login, logged_in_id
from tests.factories import PASSWORD, UserFactory
from tests.writes import post_changing_nothing
from tutori.accounts.models import User

URL_NAME = "accounts:login"


def credentials(email: str, password: str = PASSWORD) -> dict[str, str]:
    return {"username": email, "password": password}


def test_a_person_with_their_password_is_logged_in(client, world):
    response = client.post(reverse(URL_NAME), credentials(world.member.email))
    assert response.status_code == 302
    assert response["Location"] == after_login()
    assert logged_in_id(client) == str(world.member.pk)
    assert User.objects.get(pk=world.member.pk).last_login is not None


def test_a_wrong_password_logs_no_one_in(client, world):
    data = credentials(world.member.email, "väärä-salasana")
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), data)
    assert response.status_code == 200
    assert logged_in_id(client) is None


@pytest.mark.parametrize("state", [{"invited": True}, {"is_active": False}])
def test_an_account_that_cannot_log_in_is_not_logged_in(client, world, state):
    person = UserFactory(email="ei-kirjautumista@example.fi", **state)
    for password in ("", PASSWORD, "!unusable"):
        client.post(reverse(URL_NAME), credentials(person.email, password))
        assert logged_in_id(client) is None


def test_a_logged_in_person_posting_anothers_password_stays_themselves(client, world):
    client.force_login(world.member)
    response = client.post(reverse(URL_NAME), credentials(world.coordinator.email))
    assert response.status_code == 302
    assert logged_in_id(client) == str(world.member.pk)


def test_after_login_the_person_is_never_sent_to_another_site(client, world):
    url = reverse(URL_NAME) + "?next=https://evil.example/"
    response = client.post(url, credentials(world.member.email))
    assert response["Location"] == after_login()
