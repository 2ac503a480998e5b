"""Throttles that lock no account: more than 30 failures in 15 minutes from one client address,
across accounts, answer 429 until the window ends (login, the admin's login, password reset,
reset and invitation links); at most three reset mails an hour go to one address."""

from __future__ import annotations

import math
import types
from collections.abc import Callable

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tutori.accounts.models import User

SCHOOL = "10.2.2.2"  # one address for a whole school
ELSEWHERE = "10.3.3.3"
WINDOW = 15 * 60


@pytest.fixture
def clock(monkeypatch) -> Callable[[float], None]:  # type: ignore[no-untyped-def]
    """The throttle's clock stands still unless a test moves it (a window boundary in the
    middle of a test would reset the count)."""
    import django_ratelimit.core

    now = [1_800_000_000.0]
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: now[0]))

    def advance(seconds: float) -> None:
        now[0] += seconds

    return advance


def log_in(client, email, password=PASSWORD, ip=SCHOOL, url="accounts:login"):  # type: ignore[no-untyped-def]
    return client.post(reverse(url), {"username": email, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:  # type: ignore[no-untyped-def]
    return SESSION_KEY in client.session


@pytest.fixture
def fifteen(db: None) -> list[User]:
    return [UserFactory(email=f"opettaja{n}@koulu.example.fi") for n in range(15)]


def test_wrong_passwords_for_many_accounts_from_one_address_are_throttled(client, fifteen, clock):
    # Thirty failures in fifteen minutes, two for each of fifteen accounts: all answered.
    for person in fifteen * 2:
        response = log_in(client, person.email, "väärä-salasana")
        assert response.status_code == 200
    assert log_in(client, fifteen[0].email, "väärä-salasana").status_code == 200  # the 31st
    # Over the limit: even the right password waits, with a page that says why and how long.
    response = log_in(client, fifteen[1].email)
    assert response.status_code == 429
    assert not logged_in(client)
    wait = int(response["Retry-After"])
    assert 0 < wait <= WINDOW  # until the window ends
    page = response.content.decode()
    assert "<h1>Liian monta yritystä</h1>" in page
    assert f"Yritä uudelleen {math.ceil(wait / 60)} minuutin kuluttua." in page
    assert "Tunnuksia ei ole lukittu." in page
    # Only that address waits: the same person from elsewhere logs in.
    assert log_in(client, fifteen[1].email, ip=ELSEWHERE).status_code == 302


def test_the_client_throttle_locks_no_account(client, fifteen, clock, settings):
    settings.THROTTLE_CLIENT_FAILURES = "3/15m"
    for person in fifteen[:4]:
        log_in(client, person.email, "väärä-salasana")
    assert log_in(client, fifteen[5].email).status_code == 429
    # No account has come near its own lockout of ten.
    assert max(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 1
    clock(WINDOW)  # the window has passed
    assert log_in(client, fifteen[5].email).status_code == 302


def test_the_admin_login_is_throttled_with_tutoris_own(client, fifteen, clock, settings):
    settings.THROTTLE_CLIENT_FAILURES = "3/15m"
    admin = UserFactory(admin=True, email="yllapito@example.fi")
    for person in fifteen[:4]:
        log_in(client, person.email, "väärä-salasana", url="admin:login")
    response = log_in(client, admin.email, url="admin:login")
    assert not logged_in(client)
    assert "liian monta epäonnistunutta yritystä" in response.content.decode()
    # Failures at either login count for both.
    assert log_in(client, fifteen[5].email).status_code == 429


def test_password_reset_requests_count_and_are_throttled(client, world, clock, settings):
    settings.THROTTLE_CLIENT_FAILURES = "3/15m"
    for n in range(4):
        response = client.post(
            reverse("accounts:password_reset"),
            {"email": f"arvaus{n}@example.fi"},
            REMOTE_ADDR=SCHOOL,
        )
        assert response.status_code == 302
    response = client.post(
        reverse("accounts:password_reset"), {"email": world.member.email}, REMOTE_ADDR=SCHOOL
    )
    assert response.status_code == 429
    assert mail.outbox == []


def test_bad_password_reset_links_count_and_are_throttled(client, world, clock, settings):
    settings.THROTTLE_CLIENT_FAILURES = "3/15m"
    for n in range(4):
        url = reverse("accounts:password_reset_confirm", args=["MQ", f"arvattu-{n}"])
        response = client.get(url, REMOTE_ADDR=SCHOOL)
        assert response.status_code == 200 and not response.context["validlink"]
    url = reverse("accounts:password_reset_confirm", args=["MQ", "viides"])
    assert client.get(url, REMOTE_ADDR=SCHOOL).status_code == 429


def test_bad_invitation_links_count_and_are_throttled(client, world, clock, settings):
    settings.THROTTLE_CLIENT_FAILURES = "3/15m"
    for n in range(4):
        url = reverse("orgs:invitation", args=[f"arvattu-kutsu-{n}"])
        assert client.get(url, REMOTE_ADDR=SCHOOL).status_code == 404
    url = reverse("orgs:invitation", args=["viides-kutsu"])
    assert client.get(url, REMOTE_ADDR=SCHOOL).status_code == 429
    assert client.get(url, REMOTE_ADDR=ELSEWHERE).status_code == 404


def test_failures_count_per_ipv6_network_not_per_address(client, fifteen, clock, settings):
    settings.THROTTLE_CLIENT_FAILURES = "3/15m"
    for n, person in enumerate(fifteen[:4]):
        log_in(client, person.email, "väärä-salasana", ip=f"2001:db8:1:2::{n + 1}")
    assert log_in(client, fifteen[5].email, ip="2001:db8:1:2:ffff::9").status_code == 429
    assert log_in(client, fifteen[5].email, ip="2001:db8:1:3::1").status_code == 302


def test_the_client_network_is_the_address_axes_sees():
    from tutori.accounts.throttle import client_network

    request = RequestFactory().get("/", REMOTE_ADDR="10.2.2.2")
    assert client_network(request) == "10.2.2.2"
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")
    assert client_network(request) == "2001:db8:1:2::/64"
    # IPv4 clients of a server listening on IPv6 are each their own, not one /64.
    request = RequestFactory().get("/", REMOTE_ADDR="::ffff:10.2.2.2")
    assert client_network(request) == "10.2.2.2"


def _ask_reset(client, email):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:password_reset"), {"email": email})


def test_at_most_three_reset_mails_an_hour_go_to_one_address(
    client, world, clock, django_capture_on_commit_callbacks
):
    answers = set()
    with django_capture_on_commit_callbacks(execute=True):
        for typed in ["opettaja@example.fi", "Opettaja@example.fi", "OPETTAJA@example.fi"] * 3:
            response = _ask_reset(client, typed)
            answers.add((response.status_code, response["Location"]))
    # Silently: every request gets the same answer, three mails went out.
    assert answers == {(302, reverse("accounts:password_reset_done"))}
    assert [m.to for m in mail.outbox] == [[world.member.email]] * 3
    # Another address is counted on its own; an hour later this one gets mail again.
    with django_capture_on_commit_callbacks(execute=True):
        _ask_reset(client, world.tutor.email)
    assert mail.outbox[-1].to == [world.tutor.email]
    clock(60 * 60)
    with django_capture_on_commit_callbacks(execute=True):
        _ask_reset(client, world.member.email)
    assert len(mail.outbox) == 5 and mail.outbox[-1].to == [world.member.email]


def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(settings):
    from tutori.accounts.throttle import client_ip

    def seen(remote: str, forwarded: str) -> str:
        request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
        return client_ip(request)

    # Without a trusted proxy a client cannot name itself another address.
    settings.TRUSTED_PROXIES = []
    assert seen("198.51.100.7", "203.0.113.1") == "198.51.100.7"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert seen("10.0.0.5", "203.0.113.1, 198.51.100.7") == "198.51.100.7"
    assert seen("10.0.0.5", "198.51.100.7, 10.0.0.9") == "198.51.100.7"  # two proxies
    assert seen("10.0.0.5", "ei-osoite") == "10.0.0.5"
    assert seen("198.51.100.7", "203.0.113.1") == "198.51.100.7"  # not through the proxy


def test_behind_a_trusted_proxy_each_school_is_counted_apart(client, fifteen, clock, settings):
    settings.THROTTLE_CLIENT_FAILURES = "3/15m"
    settings.TRUSTED_PROXIES = ["10.0.0.1"]

    def through_proxy(email, password, school):  # type: ignore[no-untyped-def]
        return client.post(
            reverse("accounts:login"),
            {"username": email, "password": password},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=school,
        )

    for person in fifteen[:4]:
        through_proxy(person.email, "väärä-salasana", "198.51.100.7")
    assert through_proxy(fifteen[5].email, PASSWORD, "198.51.100.7").status_code == 429
    assert through_proxy(fifteen[5].email, PASSWORD, "203.0.113.1").status_code == 302
