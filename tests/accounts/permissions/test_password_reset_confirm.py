"""Who may set a new password through a reset link: its holder, for that account, once, and
within the link's lifetime."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.writes import post_changing_nothing
from tutori.accounts.models import User

URL_NAME = "accounts:password_reset_confirm"
NEW = {"new_password1": "Uusi-salasana-2026", "new_password2": "Uusi-salasana-2026"}


def uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def link(user: User, token: str | None = None) -> str:
    return reverse(URL_NAME, args=[uid(user), token or default_token_generator.make_token(user)])


def set_password_page(client, user: User) -> str:  # type: ignore[no-untyped-def]
    """Open the mailed link: Django keeps the token in the session and sends the browser on."""
    response = client.get(link(user))
    assert response.status_code == 302
    return str(response["Location"])


def test_the_links_holder_sets_a_new_password(client, world):
    response = client.post(set_password_page(client, world.member), NEW)
    assert response.status_code == 302
    assert User.objects.get(pk=world.member.pk).check_password("Uusi-salasana-2026")


def test_a_link_for_one_account_does_not_open_another(client, world):
    forged = reverse(
        URL_NAME, args=[uid(world.coordinator), default_token_generator.make_token(world.member)]
    )
    client.get(forged)
    response = post_changing_nothing(client, world, "anonymous", forged, NEW)
    assert response.status_code == 200
    assert not response.context["validlink"]


def test_the_set_password_step_needs_the_link_first(client, world):
    url = reverse(URL_NAME, args=[uid(world.member), "set-password"])
    response = post_changing_nothing(client, world, "anonymous", url, NEW)
    assert response.status_code == 200
    assert not response.context["validlink"]


def test_a_link_works_once(client, world):
    token = default_token_generator.make_token(world.member)
    client.get(link(world.member, token))
    client.post(reverse(URL_NAME, args=[uid(world.member), "set-password"]), NEW)
    again = {"new_password1": "Kolmas-salasana-2026", "new_password2": "Kolmas-salasana-2026"}
    other = client.__class__()
    other.get(link(world.member, token))
    url = reverse(URL_NAME, args=[uid(world.member), "set-password"])
    response = post_changing_nothing(other, world, "anonymous", url, again)
    assert not response.context["validlink"]
    assert User.objects.get(pk=world.member.pk).check_password("Uusi-salasana-2026")
