"""Security defaults: deploy checks, login throttling, session lifetime, headers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": "x" * 20 + "-production-secret-with-enough-entropy-0123456789abcdefgh",
        "ALLOWED_HOSTS": "tutori.example.fi",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "TUTORI_VAR_DIR": str(tmp_path),
    }
    # The browser tests' process-wide switch is not part of a deployment.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_are_strict():
    assert settings.PASSWORD_HASHERS  # tests use MD5 for speed; the module default is Argon2
    from tutori import settings as module

    assert module.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert module.SESSION_COOKIE_AGE == 30 * 60
    assert module.SESSION_RENEW_AFTER <= 60  # idle time renewed with activity
    assert module.SESSION_ABSOLUTE_LIFETIME == 12 * 60 * 60
    assert module.PASSWORD_RESET_TIMEOUT == 3600
    assert module.SESSION_COOKIE_HTTPONLY is True
    assert module.SESSION_COOKIE_SAMESITE == "Lax"


def test_axes_locks_user_and_ip_together_for_fifteen_minutes():
    from datetime import timedelta

    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_FAILURE_LIMIT == 10
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_RESET_ON_SUCCESS is True


def _fail_login(client, email, ip):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": "wrong-password"},
        REMOTE_ADDR=ip,
    )


def test_ten_failures_lock_that_user_from_that_address_only(client, world):
    for _ in range(10):
        _fail_login(client, world.member.email, "10.0.0.1")
    locked = client.post(
        reverse("accounts:login"),
        {"username": world.member.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert locked.status_code == 429
    # A colleague behind the same school address can still log in.
    other = client.post(
        reverse("accounts:login"),
        {"username": world.tutor.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert other.status_code == 302


def test_wrong_password_says_so_in_finnish(client, world):
    response = _fail_login(client, world.member.email, "10.0.0.2")
    assert response.status_code == 200
    assert "Sähköposti tai salasana on väärin." in response.content.decode()


def test_login_with_e_mail_in_any_case_lands_on_the_dashboard(client, world):
    response = client.post(
        reverse("accounts:login"),
        {"username": world.member.email.upper(), "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")


def test_session_ends_twelve_hours_after_login_however_active(client, world):
    from tutori.accounts.middleware import SESSION_KEY

    client.force_login(world.member)
    assert client.get(reverse("core:dashboard")).status_code == 200
    session = client.session
    session[SESSION_KEY] = time.time() - settings.SESSION_ABSOLUTE_LIFETIME - 1
    session.save()
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_pages_carry_a_content_security_policy_and_no_framing(client, world):
    client.force_login(world.member)
    response = client.get(reverse("core:dashboard"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("token", ["", "x" * 500, "abc\x00def"])
def test_bad_invitation_tokens_are_404_not_500(client, db, token):
    response = client.get(f"/accounts/invitation/{token}/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/orgs/99999999999999999999999/",
        "/orgs/1/people/?page=99999999999999999999",
        "/orgs/1/people/?q=%00",
        "/orgs/1/people/?role=bogus&status=bogus",
    ],
)
def test_out_of_range_and_nul_input_is_never_a_500(client, world, path):
    client.force_login(world.admin)
    response = client.get(path)
    assert response.status_code in (200, 404)


def test_an_active_session_is_renewed_at_most_once_a_minute(client, world):
    """Idle time restarts with activity, without a database write on every request."""
    from django.contrib.sessions.models import Session

    client.force_login(world.member)
    client.get("/dashboard/")
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    response = client.get("/dashboard/")
    assert Session.objects.get(session_key=key).expire_date == first
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    session = client.session
    session["tutori_seen_at"] = time.time() - settings.SESSION_RENEW_AFTER - 1
    session.save()
    response = client.get("/dashboard/")
    assert settings.SESSION_COOKIE_NAME in response.cookies
    assert Session.objects.get(session_key=key).expire_date > first
