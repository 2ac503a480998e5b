"""Security defaults: deploy checks, login throttling, session lifetime, headers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import F
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tutori.accounts.models import User

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": "x" * 20 + "-production-secret-with-enough-entropy-0123456789abcdefgh",
        "ALLOWED_HOSTS": "tutori.example.fi",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "TUTORI_VAR_DIR": str(tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "TUTORI_OPERATOR_NAME": "Esimerkkikunta",
        "TUTORI_OPERATOR_EMAIL": "kirjaamo@esimerkkikunta.fi",
        "TUTORI_OPERATOR_ADDRESS": "Kunnantie 1, 99999 Esimerkkikunta",
        "TUTORI_DPO_EMAIL": "tietosuoja@esimerkkikunta.fi",
        "TUTORI_ACCESSIBILITY_FEEDBACK_EMAIL": "saavutettavuus@esimerkkikunta.fi",
        # The login throttles count in a cache every server process shares.
        "CACHE_URL": "dbcache://tutori_cache",
        **overrides,
    }
    # The browser tests' process-wide switch and the demo's are not part of a deployment.
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "TUTORI_DEMO"):
        env.pop(name, None)
    return env


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _check_deploy(_production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_while_mail_would_be_printed_into_the_log(tmp_path):
    env = _production_env(tmp_path)
    env.pop("EMAIL_BACKEND")  # the default: the console backend
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "tutori.E001" in result.stderr


def test_check_deploy_warns_while_the_operator_details_are_the_demos(tmp_path):
    env = _production_env(tmp_path)
    env.pop("TUTORI_DPO_EMAIL")
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "tutori.W001" in result.stderr
    assert "TUTORI_DPO_EMAIL" in result.stderr


def test_check_deploy_warns_while_each_process_counts_the_throttles_apart(tmp_path):
    env = _production_env(tmp_path)
    env.pop("CACHE_URL")  # the default: each process's own memory
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "tutori.W002" in result.stderr
    assert "dbcache://tutori_cache" in result.stderr


def _console_mail_errors(settings, monkeypatch, *, debug: bool, demo: str | None) -> list[str]:
    from tutori.core.checks import console_mail_only_in_development

    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.DEBUG = debug
    if demo is None:
        monkeypatch.delenv("TUTORI_DEMO", raising=False)
    else:
        monkeypatch.setenv("TUTORI_DEMO", demo)
    return [error.id for error in console_mail_only_in_development()]


def test_console_mail_is_an_error_when_debug_is_off(settings, monkeypatch):
    assert _console_mail_errors(settings, monkeypatch, debug=False, demo=None) == ["tutori.E001"]
    assert _console_mail_errors(settings, monkeypatch, debug=False, demo="0") == ["tutori.E001"]


def test_console_mail_is_allowed_in_debug_and_in_the_demo(settings, monkeypatch):
    assert _console_mail_errors(settings, monkeypatch, debug=True, demo=None) == []
    assert _console_mail_errors(settings, monkeypatch, debug=False, demo="1") == []


def test_the_console_mail_check_runs_without_deploy_so_the_worker_refuses_to_start(
    settings, monkeypatch
):
    from django.core.checks import run_checks

    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    monkeypatch.delenv("TUTORI_DEMO", raising=False)
    assert "tutori.E001" in [error.id for error in run_checks()]


def test_tutori_demo_allows_its_console_mail(monkeypatch):
    from tutori import cli

    environ = {k: v for k, v in os.environ.items() if k != "TUTORI_DEMO"}
    monkeypatch.setattr(os, "environ", environ)  # what the demo sets stays in this test
    ran: list[list[str]] = []
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: ran.append(argv)
    )
    monkeypatch.setattr(cli, "_serve_with_worker", lambda args: ran.append(["serve"]))
    cli.main(["demo"])
    assert environ["TUTORI_DEMO"] == "1"
    assert ran[-1] == ["serve"]


def _production_hashers() -> list[str]:
    """The hashers tutori/settings.py configures (the root conftest swaps in MD5 for speed)."""
    from tutori import settings as module

    return list(module.PASSWORD_HASHERS)


def _log_in(client, email, password=PASSWORD, ip="10.9.9.9"):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_passwords_are_stored_as_argon2_under_the_production_hashers(settings, db):
    settings.PASSWORD_HASHERS = _production_hashers()
    user = User.objects.create_user(
        email="argon@example.fi", password="pitkä-salasana-2026", display_name="Argon"
    )
    stored = User.objects.get(pk=user.pk).password
    assert stored.startswith("argon2$argon2id$")
    assert "pitkä-salasana-2026" not in stored
    assert User.objects.get(pk=user.pk).check_password("pitkä-salasana-2026")


def test_an_older_password_hash_is_upgraded_to_argon2_at_login(settings, client, db):
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = _production_hashers()
    user = UserFactory(email="vanha@example.fi")
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert _log_in(client, "vanha@example.fi").status_code == 302
    assert User.objects.get(pk=user.pk).password.startswith("argon2$")


def test_the_session_cookie_after_login_is_http_only_same_site_lax_for_thirty_minutes(
    client, world
):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    response = _log_in(client, world.member.email)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 30 * 60
    # The server side ends the session after the same idle time, whatever the browser keeps.
    expires = Session.objects.get(session_key=cookie.value).expire_date
    assert abs((expires - timezone.now()).total_seconds() - 30 * 60) < 60


def test_the_csrf_and_language_cookies_are_same_site_lax(client, world):
    page = client.get(reverse("accounts:login"))
    assert page.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"
    response = client.post(reverse("accounts:language"), {"language": "sv"})
    language = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert language.value == "sv"
    assert language["httponly"] is True
    assert language["samesite"] == "Lax"


def test_a_password_reset_link_works_for_one_hour_only(world, monkeypatch):
    from datetime import datetime, timedelta

    from django.contrib.auth.tokens import default_token_generator

    made_at = datetime.now()
    monkeypatch.setattr(default_token_generator, "_now", lambda: made_at)
    token = default_token_generator.make_token(world.member)
    monkeypatch.setattr(default_token_generator, "_now", lambda: made_at + timedelta(minutes=59))
    assert default_token_generator.check_token(world.member, token)
    monkeypatch.setattr(default_token_generator, "_now", lambda: made_at + timedelta(minutes=61))
    assert not default_token_generator.check_token(world.member, token)


def test_a_lockout_lifts_after_fifteen_minutes(client, world):
    from datetime import timedelta

    from axes.models import AccessAttempt

    for _ in range(10):
        _fail_login(client, world.member.email, "10.0.0.3")
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    assert _log_in(client, world.member.email, ip="10.0.0.3").status_code == 429
    # That try counted as an attempt too: fifteen minutes from it, the right password works.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    assert _log_in(client, world.member.email, ip="10.0.0.3").status_code == 302


def test_a_successful_login_resets_the_failure_count(client, world):
    for _ in range(9):
        _fail_login(client, world.member.email, "10.0.0.4")
    assert _log_in(client, world.member.email, ip="10.0.0.4").status_code == 302
    client.logout()
    for _ in range(9):
        _fail_login(client, world.member.email, "10.0.0.4")
    # Eighteen failures in all, but never ten in a row: not locked.
    assert _log_in(client, world.member.email, ip="10.0.0.4").status_code == 302


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
    assert response["Location"] == reverse("dashboard:dashboard")


def test_session_ends_twelve_hours_after_login_however_active(client, world):
    from tutori.accounts.middleware import SESSION_KEY

    client.force_login(world.member)
    assert client.get(reverse("dashboard:dashboard")).status_code == 200
    session = client.session
    session[SESSION_KEY] = time.time() - settings.SESSION_ABSOLUTE_LIFETIME - 1
    session.save()
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_pages_carry_a_content_security_policy_and_no_framing(client, world):
    client.force_login(world.member)
    response = client.get(reverse("dashboard:dashboard"))
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


# --- Files, caching and the proxy header ----------------------------------------------------


def test_the_sqlite_database_its_wal_and_the_var_dir_are_private_to_their_owner(
    tmp_path, settings, db
):
    import stat

    from django.db.utils import ConnectionHandler

    var = tmp_path / "var"
    var.mkdir()
    var.chmod(0o755)
    settings.VAR_DIR = var
    umask = os.umask(0o022)  # the usual umask: new files 0644, readable by every account
    try:
        handler = ConnectionHandler(
            {
                "default": {
                    "ENGINE": "django.db.backends.sqlite3",
                    "NAME": str(var / "tutori.sqlite3"),
                    "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"},
                }
            }
        )
        with handler["default"].cursor() as cursor:
            cursor.execute("CREATE TABLE person (name TEXT)")
            cursor.execute("INSERT INTO person VALUES ('Olli Opettaja')")
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [var, *var.iterdir()]}
        handler["default"].close()
    finally:
        os.umask(umask)
    assert modes == {
        "var": 0o700,
        "tutori.sqlite3": 0o600,
        "tutori.sqlite3-wal": 0o600,
        "tutori.sqlite3-shm": 0o600,
    }


def test_a_shared_sticky_directory_is_never_made_private(tmp_path):
    import stat

    from tutori.core.db import make_private

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    make_private(shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777


def test_pages_and_downloads_of_a_signed_in_person_are_not_stored(client, world):
    client.force_login(world.coordinator)
    for url in (
        reverse("dashboard:dashboard"),
        reverse("tutoring:report_hours_export", kwargs={"fmt": "csv"}),
        reverse("tutoring:report_hours_export", kwargs={"fmt": "xlsx"}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_a_secret_link_is_not_stored_even_for_someone_signed_out(client, db):
    response = client.get("/orgs/invitation/" + "x" * 43 + "/")
    assert response["Cache-Control"] == "private, no-store"


def test_a_view_that_sets_its_own_cache_control_keeps_it(client, world):
    from tutori.accounts.calendar import feed_create

    token = feed_create(user=world.member)
    response = client.get(reverse("accounts:ical", args=[token]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=300"
    client.force_login(world.member)
    login_page = client.get(reverse("accounts:login"))
    assert "no-store" in login_page["Cache-Control"]  # Django's never_cache, not ours


def test_static_files_stay_cacheable_for_a_signed_in_person(client, world):
    client.force_login(world.member)
    response = client.get("/static/tutori/tutori.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_clients_x_forwarded_proto_is_not_believed_without_a_proxy(rf):
    request = rf.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert settings.SECURE_PROXY_SSL_HEADER is None
    assert request.is_secure() is False


@pytest.mark.parametrize(
    ("behind_proxy", "header"), [("", None), ("true", ("HTTP_X_FORWARDED_PROTO", "https"))]
)
def test_behind_proxy_decides_whether_x_forwarded_proto_is_trusted(
    monkeypatch, tmp_path, behind_proxy, header
):
    import runpy

    monkeypatch.setenv("TUTORI_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("HTTPS", "true")
    if behind_proxy:
        monkeypatch.setenv("BEHIND_PROXY", behind_proxy)
    else:
        monkeypatch.delenv("BEHIND_PROXY", raising=False)
    module = runpy.run_path(str(ROOT / "tutori" / "settings.py"))
    assert module["SECURE_PROXY_SSL_HEADER"] == header


def test_a_trusted_proxy_that_is_not_an_address_is_refused_at_start(settings):
    from django.core.checks import run_checks

    settings.TRUSTED_PROXIES = ["10.0.0.5", "10.1.0.0/16", "proxy.example.fi"]
    errors = [error for error in run_checks() if error.id == "tutori.E002"]
    assert len(errors) == 1 and "proxy.example.fi" in errors[0].msg
    settings.TRUSTED_PROXIES = ["10.0.0.5", " 2001:db8::/64 "]
    assert [error for error in run_checks() if error.id == "tutori.E002"] == []
