"""Who may ask for a password reset link: anyone, but the link goes only to the account's own
address, and the answer does not tell whether an account exists."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from tests.writes import post_changing_nothing
from tutori.accounts.models import User

URL_NAME = "accounts:password_reset"


@pytest.mark.parametrize("role", ["anonymous", "member", "outsider"])
def test_the_link_goes_to_the_accounts_own_address_only(
    client, world, role, django_capture_on_commit_callbacks
):
    password = User.objects.get(pk=world.tutor.pk).password
    client_role = world.by_role(role)
    if client_role is not None:
        client.force_login(client_role)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(URL_NAME), {"email": world.tutor.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert [m.to for m in mail.outbox] == [[world.tutor.email]]
    # Asking changes no password: only the link's holder sets a new one.
    assert User.objects.get(pk=world.tutor.pk).password == password


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, world):
    data = {"email": "ei-ole@example.fi"}
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")


@pytest.mark.parametrize("state", [{"invited": True}, {"is_active": False}])
def test_an_account_that_cannot_log_in_gets_no_link(client, world, state):
    person = UserFactory(email="ei-kirjautumista@example.fi", **state)
    data = {"email": person.email}
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), data)
    assert response.status_code == 302
