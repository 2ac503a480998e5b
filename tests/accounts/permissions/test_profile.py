"""Who may edit a person's own details: that person, logged in, and only the editable ones."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.writes import assert_sent_to_login, post_as, post_changing_nothing
from tutori.accounts.models import User

URL_NAME = "accounts:profile"
BODY = {"display_name": "Uusi Nimi", "phone": "040 123 4567", "preferred_language": "en"}


def others(user: User) -> list[dict]:  # type: ignore[type-arg]
    return list(User.objects.exclude(pk=user.pk).order_by("pk").values())


@pytest.mark.parametrize("role", ["nobody", "member", "coordinator", "outsider", "admin"])
def test_a_logged_in_person_edits_their_own_details(client, world, role):
    person = world.by_role(role)
    untouched = others(person)
    response = post_as(client, world, role, reverse(URL_NAME), BODY)
    assert response.status_code == 302
    saved = User.objects.get(pk=person.pk)
    assert (saved.display_name, saved.phone, saved.preferred_language) == (
        "Uusi Nimi",
        "040 123 4567",
        "en",
    )
    assert others(person) == untouched


def test_fields_that_are_not_on_the_form_are_ignored(client, world):
    forged = {**BODY, "email": "toinen@example.fi", "is_superuser": "on", "is_staff": "on"}
    post_as(client, world, "member", reverse(URL_NAME), forged)
    saved = User.objects.get(pk=world.member.pk)
    assert saved.email == world.member.email
    assert not saved.is_superuser and not saved.is_staff


def test_anonymous_is_sent_to_log_in(client, world):
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME), BODY)
    assert_sent_to_login(response)
