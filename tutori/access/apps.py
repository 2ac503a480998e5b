"""App configuration of the access engine: it registers the rules over organisations,
memberships, networks and people (the base every capability builds on)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "tutori.access"
    label = "access"
    verbose_name = _("Käyttöoikeudet")

    def ready(self) -> None:
        from tutori.access import permissions  # noqa: F401  (registers rules and visibility)
