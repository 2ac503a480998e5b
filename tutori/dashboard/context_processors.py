"""The main navigation, composed of the menu entries the apps declare."""

from __future__ import annotations

from typing import Any

import rules
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tutori.core.registry import menu_entries


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items: list[tuple[str, Any]] = [(reverse("dashboard:dashboard"), _("Etusivu"))]
    for entry in menu_entries():
        if entry.perm is None or rules.has_perm(entry.perm, user):
            items.append((reverse(entry.url_name), entry.label))
    if user.is_superuser:
        items.append((reverse("admin:index"), _("Ylläpito")))
    items.append((reverse("accounts:profile"), _("Omat tiedot")))
    path = request.path
    # The longest nav URL that prefixes the path is the current section (one at most).
    matches = [url for url, _label in items if path.startswith(url)]
    current = max(matches, key=len) if matches else None
    nav = [{"url": url, "label": label, "current": url == current} for url, label in items]
    return {"nav_items": nav}
