"""Finnish by default; a chosen language is remembered in a cookie and on the account."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD


def test_finnish_by_default_even_when_the_browser_asks_for_english(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="fi">' in html
    assert "Kirjaudu sisään" in html


def test_switching_language_sets_a_cookie_and_returns_to_the_page(client, db):
    response = client.post(
        reverse("accounts:language"), {"language": "sv", "next": reverse("accounts:login")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="sv">' in html
    assert "Logga in" in html


def test_a_logged_in_persons_choice_is_saved_on_the_account(client, world):
    client.force_login(world.member)
    client.post(reverse("accounts:language"), {"language": "en", "next": "/dashboard/"})
    world.member.refresh_from_db()
    assert world.member.preferred_language == "en"
    # A new browser (no cookie) still gets English after logging in.
    other = client.__class__()
    other.post(
        reverse("accounts:login"),
        {"username": world.member.email, "password": PASSWORD},
    )
    assert '<html lang="en">' in other.get(reverse("dashboard:dashboard")).content.decode()


def test_language_switch_never_redirects_to_another_site(client, db):
    response = client.post(
        reverse("accounts:language"), {"language": "fi", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("dashboard:root")


def test_an_unknown_language_changes_nothing(client, world):
    client.force_login(world.member)
    response = client.post(reverse("accounts:language"), {"language": "de"})
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.preferred_language == "fi"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_profile_update_keeps_input_on_error_and_saves_on_success(client, world):
    client.force_login(world.member)
    bad = client.post(
        reverse("accounts:profile"),
        {"display_name": "", "phone": "040 123", "preferred_language": "sv"},
    )
    assert bad.status_code == 200
    assert 'value="040 123"' in bad.content.decode()
    good = client.post(
        reverse("accounts:profile"),
        {"display_name": "Olli O.", "phone": "040 123", "preferred_language": "sv"},
    )
    assert good.status_code == 302
    world.member.refresh_from_db()
    assert (world.member.display_name, world.member.preferred_language) == ("Olli O.", "sv")
