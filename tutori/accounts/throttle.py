"""Sign-in throttles that lock no account: failures per client address, reset mails per address.

django-axes locks one address (the person's e-mail) from one client address after ten wrong
passwords. That leaves guessing one password for each of many accounts from one client address,
and mailing one person reset links without end; the counters here close both. They live in
Django's cache (django-ratelimit's fixed windows): with more than one server process, set
``CACHE_URL`` so the processes share the counts.
"""

from __future__ import annotations

import functools
import ipaddress
import math
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

from tutori.accounts.models import email_normalise

FAILURES = "tutori.accounts.failures-per-client"
RESET_MAILS = "tutori.accounts.reset-mails-per-address"

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The username django-axes counts failures under (``AXES_USERNAME_CALLABLE``): the
    address in its one form, so that case variants of one address share one lockout."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        typed = credentials.get(field)
    else:
        typed = getattr(request, "data", request.POST).get(field)
    return email_normalise(typed) or None


def client_ip(request: HttpRequest) -> str:
    """The client's address (``AXES_CLIENT_IP_CALLABLE``, so the lockout and the throttle see
    the same one): ``REMOTE_ADDR``; when that is a proxy named in ``TRUSTED_PROXIES``, the
    last address in X-Forwarded-For that no trusted proxy added. Behind a proxy that is not
    named, every client has the proxy's address and shares its limits."""
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = _trusted_proxies(tuple(settings.TRUSTED_PROXIES))
    if not proxies or not _is_in(remote, proxies):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for entry in reversed(forwarded):
        address = entry.strip()
        if not _is_in(address, proxies):
            # Our proxy wrote the right-most entries; what a client sent itself is further left.
            return address if _is_ip(address) else remote
    return remote


@functools.cache
def _trusted_proxies(names: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(name.strip(), strict=False) for name in names if name.strip())


def _is_ip(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def _is_in(address: str, networks: tuple[IPNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_network(request: HttpRequest) -> str:
    """The client address as axes sees it; an IPv6 client is counted by its /64 network, the
    block one subscriber gets (counting single IPv6 addresses would count nothing)."""
    address = get_client_ip_address(request) or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:  # an IPv4 client of a server listening on IPv6
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _client_key(group: str, request: HttpRequest) -> str:
    return client_network(request)


def _failures(request: HttpRequest, *, increment: bool) -> dict[str, Any] | None:
    return get_usage(  # type: ignore[no-any-return]
        request,
        group=FAILURES,
        key=_client_key,
        rate=settings.THROTTLE_CLIENT_FAILURES,
        increment=increment,
    )


def client_retry_after(request: HttpRequest) -> int:
    """Seconds until the client address may try again: 0 while it is within its limit."""
    usage = _failures(request, increment=False)
    if not usage or not usage["should_limit"]:
        return 0
    return max(int(usage["time_left"]), 1)


def client_failed(request: HttpRequest) -> None:
    """Count one failure of the client address: a wrong password for any account, a password
    reset asked for any address, a reset or invitation link that is not valid."""
    _failures(request, increment=True)


def throttled_response(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The answer while a client address is throttled: 429 and a page that says for how long."""
    minutes = math.ceil(retry_after / 60)
    response = render(request, "accounts/throttled.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def reset_mail_allowed(request: HttpRequest, address: str) -> bool:
    """Count one reset mail asked for ``address``; False over the limit. Counted alike for
    addresses with and without an account, so the count tells nothing either."""
    normalised = email_normalise(address)
    usage = get_usage(
        request,
        group=RESET_MAILS,
        key=lambda group, request: normalised,
        rate=settings.THROTTLE_RESET_MAILS,
        increment=True,
    )
    return not (usage and usage["should_limit"])


@receiver(user_login_failed, dispatch_uid="tutori.accounts.throttle.login_failed")
def _login_failed(
    sender: object, credentials: object, request: HttpRequest | None = None, **kwargs: object
) -> None:
    # Every login form (Tutori's and the admin's) authenticates through Django, which sends
    # this signal for each failure; a failure without a request has no client to count.
    if request is not None:
        client_failed(request)
