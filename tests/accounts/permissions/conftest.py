"""Set-up shared by the accounts write-permission tests."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.shortcuts import resolve_url
from django.test import Client


def logged_in_id(client: Client) -> str | None:
    """The id of the person the client's session is logged in as, or None."""
    return client.session.get(SESSION_KEY)


def after_login() -> str:
    return resolve_url(settings.LOGIN_REDIRECT_URL)
