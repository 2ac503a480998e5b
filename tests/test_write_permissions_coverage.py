"""Every URL that accepts POST has its write-permission file.

A file ``tests/<app>/permissions/test_<operation>.py`` says who may make the change, who is
refused, what another organisation's people get and that anonymous visitors are sent to log
in; it names the URLs it covers in a module-level ``URL_NAME`` (or ``URL_NAMES``). Whether a
URL accepts POST is not read from decorators but asked: a platform admin POSTs an empty body,
inside a savepoint that is rolled back, and anything but 405 means the view takes writes (a
view that forgot ``require_GET`` is found too). The URL arguments are those of the GET
authorization matrix (tests/test_authorization_matrix.py), which has a row for every URL.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.test_authorization_matrix import MATRIX

TESTS = Path(__file__).resolve().parent
# The Django admin is one site of generated views for platform admins (superusers only, as
# the matrix tests); its writes are Django's own and have no operation of ours to specify.
EXEMPT_NAMESPACES = {"admin": "Django's admin site, for platform admins only"}


def _url_patterns() -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Every named URL pattern outside the exempt namespaces with the converters of its
    arguments, and the namespaces skipped."""
    found: dict[str, dict[str, Any]] = {}
    skipped: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None, converters: dict[str, Any]) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in EXEMPT_NAMESPACES:
                    skipped.add(p.namespace)
                    continue
                inner = f"{namespace}:{p.namespace}" if namespace and p.namespace else None
                walk(
                    p.url_patterns,
                    inner or p.namespace or namespace,
                    {**converters, **getattr(p.pattern, "converters", {})},
                )
            elif isinstance(p, URLPattern):
                assert p.name, f"an unnamed URL pattern cannot be covered: {p.pattern}"
                name = f"{namespace}:{p.name}" if namespace else p.name
                found[name] = {**converters, **getattr(p.pattern, "converters", {})}

    walk(get_resolver().url_patterns, None, {})
    return found, skipped


def _kwargs(world: Any, name: str, converters: dict[str, Any]) -> dict[str, Any]:
    """The matrix's arguments for the URL (real objects); for a URL the matrix does not know
    yet, any value its converters accept: the method is refused before any lookup."""
    if name in MATRIX:
        return MATRIX[name].kwargs(world)
    return {
        arg: next(v for v in ("1", "x") if re.fullmatch(converter.regex, v))
        for arg, converter in converters.items()
    }


def _accepts_post(client: Client, world: Any, name: str, converters: dict[str, Any]) -> bool:
    client.force_login(world.admin)
    # The matrix builds objects for the URL's arguments: they are rolled back with the POST.
    with transaction.atomic():
        response = client.post(reverse(name, kwargs=_kwargs(world, name, converters)), {})
        transaction.set_rollback(True)
    return response.status_code != 405


def _post_urls(world: Any) -> set[str]:
    patterns, _skipped = _url_patterns()
    client = Client(raise_request_exception=False)
    return {
        name
        for name, converters in sorted(patterns.items())
        if _accepts_post(client, world, name, converters)
    }


def _permission_files() -> list[Path]:
    return sorted(TESTS.glob("**/permissions/test_*.py"))


def _declared(path: Path) -> list[str]:
    module = importlib.import_module(".".join(path.relative_to(TESTS.parent).with_suffix("").parts))
    single = getattr(module, "URL_NAME", None)
    return [single] if single else list(getattr(module, "URL_NAMES", []))


def _covered() -> dict[str, list[Path]]:
    covered: dict[str, list[Path]] = {}
    for path in _permission_files():
        for name in _declared(path):
            covered.setdefault(name, []).append(path)
    return covered


def test_every_url_that_accepts_post_has_a_permission_file(world):
    missing = sorted(_post_urls(world) - set(_covered()))
    assert not missing, (
        "URLs that accept POST without tests/<app>/permissions/test_<operation>.py "
        f"naming them in URL_NAME or URL_NAMES: {missing}"
    )


def test_permission_files_name_only_urls_that_accept_post(world):
    stale = sorted(set(_covered()) - _post_urls(world))
    assert not stale, f"permission files name URLs that do not exist or take no POST: {stale}"


def test_every_permission_file_names_its_urls():
    unnamed = [str(p.relative_to(TESTS)) for p in _permission_files() if not _declared(p)]
    assert _permission_files() and not unnamed, f"no URL_NAME or URL_NAMES in {unnamed}"


def test_the_exempt_admin_site_is_still_mounted():
    """The exemption covers a real namespace, not a misspelt one."""
    _patterns, skipped = _url_patterns()
    assert skipped == set(EXEMPT_NAMESPACES)


def test_a_get_only_view_answers_405_to_post(world):
    """The probe's premise: a view decorated with require_GET refuses POST with 405."""
    client = Client(raise_request_exception=False)
    patterns, _skipped = _url_patterns()
    assert not _accepts_post(client, world, "core:health", patterns["core:health"])
    assert _accepts_post(client, world, "accounts:language", patterns["accounts:language"])
