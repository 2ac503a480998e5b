"""Who may log out: the logged-in person, by a POST from Tutori's own pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.permissions.conftest import logged_in_id
from tests.writes import post_changing_nothing

URL_NAME = "accounts:logout"


@pytest.mark.parametrize("role", ["member", "coordinator", "admin"])
def test_a_logged_in_person_logs_out(client, world, role):
    client.force_login(world.by_role(role))
    response = client.post(reverse(URL_NAME))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert logged_in_id(client) is None


def test_a_link_or_image_cannot_log_anyone_out(client, world):
    client.force_login(world.member)
    assert client.get(reverse(URL_NAME)).status_code == 405
    assert logged_in_id(client) == str(world.member.pk)


def test_another_site_cannot_log_anyone_out(world):
    """A cross-site form has no CSRF token: refused, and the person stays logged in."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.member)
    assert browser.post(reverse(URL_NAME)).status_code == 403
    assert logged_in_id(browser) == str(world.member.pk)


def test_anonymous_logging_out_changes_nothing(client, world):
    response = post_changing_nothing(client, world, "anonymous", reverse(URL_NAME))
    assert response.status_code == 302
    assert logged_in_id(client) is None
