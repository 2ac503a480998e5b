"""System checks of a deployment's configuration that Django's own checks do not make."""

from __future__ import annotations

import ipaddress
import os
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"


def is_demo() -> bool:
    """``tutori demo`` sets TUTORI_DEMO=1: the local demo, where mail is meant to be read
    from the console."""
    return os.environ.get("TUTORI_DEMO", "") == "1"


@register(Tags.security)
def console_mail_only_in_development(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """The console mail backend prints every mail, working password-reset and invitation
    links with names and addresses among them, into the server's log. Outside DEBUG and the
    demo that is an error: every management command (migrate, the worker) refuses to run."""
    if settings.EMAIL_BACKEND != CONSOLE_MAIL or settings.DEBUG or is_demo():
        return []
    return [
        Error(
            "EMAIL_BACKEND is the console backend while DEBUG is off: every mail, with its "
            "password-reset and invitation links, would be printed into the server log.",
            hint=(
                "Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST "
                "(see README, Configuration). The local demo (`tutori demo`) sets TUTORI_DEMO=1."
            ),
            id="tutori.E001",
        )
    ]


@register(Tags.security)
def trusted_proxies_are_addresses(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """TRUSTED_PROXIES names the proxies whose X-Forwarded-For the login throttle and the
    lockout believe. A value that is not an address or a network would otherwise surface
    only as a server error at the first login; refuse it at start instead."""
    bad = []
    for name in getattr(settings, "TRUSTED_PROXIES", []):
        try:
            ipaddress.ip_network(str(name).strip(), strict=False)
        except ValueError:
            bad.append(str(name))
    if not bad:
        return []
    return [
        Error(
            f"TRUSTED_PROXIES holds values that are not IP addresses or networks: {bad}",
            hint="Give addresses or networks separated by commas, e.g. 10.0.0.5,10.1.0.0/16.",
            id="tutori.E002",
        )
    ]


@register(Tags.security, deploy=True)
def operator_details_are_set(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """The privacy notice names the controller and the accessibility statement the address
    for feedback: a deployment that kept the demo's details would publish them to everyone."""
    demo = getattr(settings, "TUTORI_OPERATOR_DEMO", {})
    kept = [name for name, value in demo.items() if getattr(settings, name, "") in ("", value)]
    if not kept:
        return []
    return [
        Warning(
            f"The operator's details are the demo's or empty: {', '.join(kept)}.",
            hint=(
                "The privacy notice (/privacy/) and the accessibility statement "
                "(/accessibility/) show them to everyone: set these environment variables "
                "(see README, Configuration)."
            ),
            id="tutori.W001",
        )
    ]


# Caches whose counts no other process sees (or that count nothing at all).
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def throttle_counts_are_shared(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """The login throttles count in Django's cache. The default cache lives in each process's
    own memory: with two gunicorn workers, let alone several servers behind a load balancer,
    each process counts its share and a client gets that many times the limit."""
    alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if backend not in UNSHARED_CACHES:
        return []
    return [
        Warning(
            f"The login throttles count in a cache no other server process sees ({backend}): "
            "every gunicorn worker and every server counts apart, multiplying the limits.",
            hint=(
                "Set CACHE_URL=dbcache://tutori_cache and run `tutori createcachetable` once "
                "(no other service needed), or a redis:// cache with its client installed "
                "(see README, Running several app servers)."
            ),
            id="tutori.W002",
        )
    ]
