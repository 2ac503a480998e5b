"""Many app servers, one PostgreSQL: two gunicorn instances never overbook a slot.

Two `tutori serve` processes (gunicorn, DEBUG off, as deployed) on their own ports share one
PostgreSQL database: the test's own, whose rows this test commits. Fifty teachers each sign in
on one server and book the same group time on the other, so the session, the CSRF token (one
SECRET_KEY) and the seat count must all live in what the servers share. Ten sign in with their
password through the login page; forty arrive with a session already in the database (Argon2
takes 100 MB and a tenth of a second a check). Every booking is released at once; the
database decides who gets the places.

It runs only in the PostgreSQL pass (`make pytest-postgres`): SQLite is one file on one
machine, which one server at a time writes (tests/tutoring/test_concurrency.py races it).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.urls import reverse

from tests.factories import MembershipFactory, SlotFactory, UserFactory
from tutori.accounts.models import User
from tutori.tutoring.models import Booking, Slot

ROOT = Path(__file__).resolve().parents[2]
RACERS = 50
WITH_PASSWORD = 10
CAPACITY = 7
PASSWORD = "Monta-palvelinta-yksi-tietokanta"

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="many servers share one PostgreSQL; runs in the PostgreSQL pass",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    """The test database this process uses, as a DATABASE_URL for the servers."""
    db = connection.settings_dict
    quote = urllib.parse.quote
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{db['NAME']}"


class Server:
    """One `tutori serve` on its own port: gunicorn with two workers."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tutori.cli", "serve", "--log-level", "warning"],
            cwd=ROOT,
            env={**env, "TUTORI_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": "2"},
            stdout=subprocess.DEVNULL,
            stderr=log.open("wb"),
        )

    def wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/health/", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"{self.url} did not start:\n{self.errors()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def errors(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _cookie(name: str, value: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(
        version=0, name=name, value=value, port=None, port_specified=False,
        domain="127.0.0.1", domain_specified=False, domain_initial_dot=False, path="/",
        path_specified=True, secure=False, expires=None, discard=True, comment=None,
        comment_url=None, rest={}, rfc2109=False,
    )  # fmt: skip


def _session(user: User) -> str:
    """A signed-in session for ``user`` in the database, as the login view leaves it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return str(session.session_key)


class Teacher:
    """One browser: its own cookies, shared by both servers (one host, two ports)."""

    def __init__(self, email: str, session: str | None = None) -> None:
        self.email = email
        jar = http.cookiejar.CookieJar()
        if session:
            jar.set_cookie(_cookie(settings.SESSION_COOKIE_NAME, session))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect
        )

    def request(self, url: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """Status, body and Location of one GET (or POST of ``form``); redirects not followed."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=data), timeout=60) as r:
                return r.status, r.read().decode(), r.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            return error.code, body, error.headers.get("Location", "")

    def form_token(self, url: str) -> str:
        status, body, _ = self.request(url)
        assert status == 200, (url, status, body[-2000:])
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert found, body[-2000:]
        return found.group(1)

    def log_in(self, server: str) -> None:
        url = server + reverse("accounts:login")
        token = self.form_token(url)
        status, body, _ = self.request(
            url, {"csrfmiddlewaretoken": token, "username": self.email, "password": PASSWORD}
        )
        assert status == 302, (self.email, status, body[-2000:])


def _each(items: list[Any], target: Any, barrier: threading.Barrier | None = None) -> list[Any]:
    """``target(item)`` in a thread for each item (released together at ``barrier``); what
    each returned, or the exception it raised."""
    results: list[Any] = [None] * len(items)

    def run(i: int) -> None:
        try:
            if barrier is not None:
                barrier.wait(timeout=60)
            results[i] = target(items[i])
        except Exception as error:  # reported by the caller
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(items))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return results


@pytest.mark.django_db(transaction=True)
def test_fifty_teachers_on_two_servers_never_overbook_one_postgresql(world, tmp_path):
    slot = SlotFactory(
        tutor=world.tutor, organisation=world.school_a, group=True, capacity=CAPACITY
    )
    people = [UserFactory() for _ in range(RACERS)]
    for person in people:
        MembershipFactory(user=person, organisation=world.school_a)
    # The servers check passwords with Argon2 (this process hashes with MD5 for speed): one
    # hash serves every account.
    User.objects.filter(pk__in=[p.pk for p in people]).update(
        password=Argon2PasswordHasher().encode(PASSWORD, "monta-palvelinta")
    )
    # Read again: the session's hash is made from the password now stored.
    teachers = [
        Teacher(str(p.email), None if i < WITH_PASSWORD else _session(p))
        for i, p in enumerate(User.objects.filter(pk__in=[p.pk for p in people]).order_by("pk"))
    ]

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "TASKS_BACKEND", "CACHE_URL"}
    } | {
        "DJANGO_SETTINGS_MODULE": "tutori.settings",
        "DATABASE_URL": _database_url(),
        # What the servers must share besides the database (this process's: it signed the
        # sessions above).
        "SECRET_KEY": settings.SECRET_KEY,
        "TUTORI_VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "false",
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        # No collectstatic: pages name their static files without the manifest.
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    servers = [Server(env, tmp_path / f"server-{i}.log") for i in range(2)]
    try:
        for server in servers:
            server.wait_until_up()
        _race(servers, slot, teachers)
    finally:
        for server in servers:
            server.stop()
    errors = "\n".join(server.errors() for server in servers)
    assert "Traceback" not in errors, errors


def _race(servers: list[Server], slot: Slot, teachers: list[Teacher]) -> None:
    book = reverse("tutoring:book", args=[slot.pk])
    # Racer i logs in on one server and books on the other: the session is the database's.
    home = {t.email: servers[i % 2].url for i, t in enumerate(teachers)}
    away = {t.email: servers[(i + 1) % 2].url for i, t in enumerate(teachers)}
    # Every other racer sends "Liity jonoon" with the booking: one who loses the race waits.
    queues = {t.email: i % 2 == 0 for i, t in enumerate(teachers)}

    logins = _each(teachers[:WITH_PASSWORD], lambda t: t.log_in(home[t.email]))
    assert all(r is None for r in logins), logins
    tokens = _each(teachers, lambda t: t.form_token(away[t.email] + book))
    assert all(isinstance(r, str) for r in tokens), tokens
    token = dict(zip([t.email for t in teachers], tokens, strict=True))

    def post(teacher: Teacher) -> tuple[int, str, str]:
        form = {"csrfmiddlewaretoken": token[teacher.email], "need": "Apua Teamsiin"}
        if queues[teacher.email]:
            form["join_waiting_list"] = "1"
        return teacher.request(away[teacher.email] + book, form)

    results = _each(teachers, post, threading.Barrier(len(teachers)))

    assert all(isinstance(r, tuple) for r in results), results
    assert not [r for r in results if r[0] >= 500], results
    slot = Slot._default_manager.get(pk=slot.pk)
    bookings = {
        b.person.email: b.status
        for b in Booking._default_manager.filter(slot=slot).select_related("person")
    }
    confirmed = [email for email, status in bookings.items() if status == "confirmed"]
    assert slot.booked == len(confirmed) == min(CAPACITY, len(teachers))
    for teacher, (status, body, location) in zip(teachers, results, strict=True):
        got = bookings.get(teacher.email)
        if got == "confirmed":
            assert status == 302, (teacher.email, status, body[-2000:])
            assert f"{reverse('tutoring:my_bookings')}?made=" in location, location
        elif queues[teacher.email]:
            # A loser who asked for the queue has a place in it.
            assert got == "waiting", (teacher.email, got, status)
            assert status == 302, (teacher.email, status, body[-2000:])
        else:
            # A loser who did not is told the time is full, and booked nothing.
            assert got is None, (teacher.email, got)
            assert status == 409, (teacher.email, status, body[-2000:])
            assert "Aika on jo täynnä" in body, body[-2000:]
    waiting = {email for email, status in bookings.items() if status == "waiting"}
    assert waiting == {email for email, asked in queues.items() if asked} - set(confirmed)
