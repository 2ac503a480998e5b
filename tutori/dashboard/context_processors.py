"""The main navigation, composed of the menu entries the apps declare."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import rules
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tutori.core.registry import Label, menu_entries


@lru_cache(maxsize=512)
def _url(name: str, prefix: str, urlconf: str | None) -> str:
    """A menu entry's address: it takes no arguments, so it is reversed once per prefix."""
    return reverse(name, urlconf=urlconf)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``nav_html``: the menu of links (``url``, ``label``, ``current``) and groups
    (``label``, ``links``, ``current``) in menu order. A group stands where its first entry is;
    a group of one link the person sees is that link."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    prefix, urlconf = get_script_prefix(), get_urlconf()
    links: list[tuple[Label | None, str, Label]] = [
        (None, _url("dashboard:dashboard", prefix, urlconf), _("Etusivu"))
    ]
    for entry in menu_entries():
        if entry.perm is None or rules.has_perm(entry.perm, user):
            links.append((entry.group, _url(entry.url_name, prefix, urlconf), entry.label))
    if user.is_superuser:
        links.append((_("Organisaatio"), _url("admin:index", prefix, urlconf), _("Ylläpito")))
    path = request.path
    # The longest nav URL that prefixes the path is the current section (one at most).
    matches = [url for _group, url, _label in links if path.startswith(url)]
    current = max(matches, key=len) if matches else None

    nav: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for group, url, label in links:
        link = {"url": url, "label": label, "current": url == current}
        if group is None:
            nav.append(link)
            continue
        if str(group) not in groups:
            groups[str(group)] = {"label": group, "links": [], "current": False}
            nav.append(groups[str(group)])
        groups[str(group)]["links"].append(link)
        groups[str(group)]["current"] |= link["current"]
    nav = [item["links"][0] if len(item.get("links", ())) == 1 else item for item in nav]
    return {"nav_html": _nav_html(_frozen(nav), get_language())}


def _frozen(nav: list[dict[str, Any]]) -> tuple[Any, ...]:
    """The menu as a hashable value: its labels (in the active language), links and which is
    current; all that its HTML depends on."""
    return tuple(
        (str(item["label"]), item.get("url"), item["current"], _frozen(item.get("links", [])))
        for item in nav
    )


@lru_cache(maxsize=1024)
def _nav_html(frozen: tuple[Any, ...], language: str) -> str:
    """The menu's HTML, rendered once per menu and language (not per person: it holds no
    personal data, only the links a set of rights gives)."""

    def thawed(items: tuple[Any, ...]) -> list[dict[str, Any]]:
        return [
            {"label": label, "url": url, "current": current, "links": thawed(links)}
            for label, url, current, links in items
        ]

    return render_to_string("includes/nav.html", {"nav_items": thawed(frozen)})
