"""The main navigation, built from what the user may do."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tutori.orgs import access


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items: list[tuple[str, Any]] = [
        (reverse("core:dashboard"), _("Etusivu")),
        (reverse("orgs:tree"), _("Organisaatiot")),
    ]
    if access.manages_any_people(user):
        items.append((reverse("orgs:import"), _("Tuo henkilölista")))
    if access.is_platform_admin(user):
        items.append((reverse("admin:index"), _("Ylläpito")))
    items.append((reverse("accounts:profile"), _("Omat tiedot")))
    path = request.path
    nav = [
        {
            "url": url,
            "label": label,
            "current": path == url or (url != "/" and path.startswith(url)),
        }
        for url, label in items
    ]
    return {"nav_items": nav}
