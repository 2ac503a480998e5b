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
        (reverse("tutoring:catalogue"), _("Mihin voin saada apua?")),
        (reverse("tutoring:my_bookings"), _("Omat varaukset")),
        (reverse("tutoring:week"), _("Kalenteri")),
    ]
    if access.tutors_anywhere(user):
        items.append((reverse("tutoring:availability"), _("Omat ajat")))
    if access.oversees_anywhere(user):
        items.append((reverse("tutoring:report_hours"), _("Raportit")))
        items.append((reverse("tutoring:budgets"), _("Sijaisbudjetit")))
    if access.curates_anywhere(user):
        items.append((reverse("tutoring:topics"), _("Aihesanasto")))
    items.append((reverse("orgs:tree"), _("Organisaatiot")))
    if access.manages_any_people(user):
        items.append((reverse("orgs:import"), _("Tuo henkilölista")))
    if access.is_platform_admin(user):
        items.append((reverse("admin:index"), _("Ylläpito")))
    items.append((reverse("accounts:profile"), _("Omat tiedot")))
    path = request.path
    # The longest nav URL that prefixes the path is the current section (one at most).
    matches = [url for url, _label in items if path.startswith(url)]
    current = max(matches, key=len) if matches else None
    nav = [{"url": url, "label": label, "current": url == current} for url, label in items]
    return {"nav_items": nav}
