"""Building blocks of the write-permission tests (tests/<app>/permissions/test_*.py).

Each permission file posts a valid body to one URL as each kind of person and says what
must happen: the allowed role's change is in the database; for everyone else
``nothing_changes()`` compares every row the project stores before and after the request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.core import mail
from django.db import models
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.conftest import World

# Framework bookkeeping that a request may write without changing anything of the domain:
# sessions (the idle clock), login throttling (axes), and Django's own registries.
_NOT_DOMAIN = {"sessions", "axes", "contenttypes", "admin", "auth"}


def _stored_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in _NOT_DOMAIN and model._meta.managed
    ]


def database_state() -> dict[str, list[dict[str, Any]]]:
    """Every stored row of the project's and its libraries' tables, read without a scope."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in _stored_models()
    }


def changed_tables(
    before: dict[str, list[dict[str, Any]]], after: dict[str, list[dict[str, Any]]]
) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


@contextmanager
def nothing_changes() -> Iterator[None]:
    """Fails unless the block leaves every row as it was and sends no e-mail."""
    before = database_state()
    sent = len(mail.outbox)
    yield
    after = database_state()
    assert not changed_tables(before, after), f"rows changed in {changed_tables(before, after)}"
    assert len(mail.outbox) == sent, "e-mail was sent"


def log_in_as(client: Client, world: World, role: str) -> None:
    """Log in as ``role`` of the world fixture; "anonymous" stays logged out."""
    user = world.by_role(role)
    if user is not None:
        client.force_login(user)


def post_as(
    client: Client, world: World, role: str, url: str, data: dict[str, Any] | None = None
) -> HttpResponse:
    """POST ``data`` to ``url`` as ``role``."""
    log_in_as(client, world, role)
    return client.post(url, data or {})  # type: ignore[return-value]


def post_changing_nothing(
    client: Client, world: World, role: str, url: str, data: dict[str, Any] | None = None
) -> HttpResponse:
    """POST as ``role`` and fail unless the request left every row as it was (logging in,
    which stamps ``last_login``, happens before the first look)."""
    log_in_as(client, world, role)
    with nothing_changes():
        response = client.post(url, data or {})
    return response  # type: ignore[return-value]


def assert_sent_to_login(response: HttpResponse) -> None:
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def assert_refused(response: HttpResponse, status: int) -> None:
    """A refusal: ``status`` (403 for what the person sees but may not do, 404 for what
    they do not see) — never a redirect that would mean the write went through."""
    assert response.status_code == status, response.status_code
