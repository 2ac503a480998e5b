"""App configuration for accounts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tutori.accounts"
    label = "accounts"
    verbose_name = _("Henkilöt")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tutori.accounts.models import User

        auditlog.register(User, exclude_fields=["password", "last_login"])
