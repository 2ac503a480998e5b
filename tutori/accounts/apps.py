"""App configuration for accounts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tutori.accounts"
    label = "accounts"
    verbose_name = _("Henkilöt")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tutori.accounts import throttle  # noqa: F401  (connects the login-failure count)
        from tutori.accounts.models import CalendarFeed, User
        from tutori.accounts.services import user_anonymise
        from tutori.core import registry as r

        auditlog.register(User, exclude_fields=["password", "last_login"])
        r.add_personal_data(
            r.PersonalData(
                User,
                "pk",
                ("email", "display_name", "phone", "preferred_language", "date_joined"),
                erase=r.Erase.ANONYMISE,
                erase_with=user_anonymise,
            ),
            r.PersonalData(CalendarFeed, "user", ("created_at", "revoked_at"), r.Erase.DELETE),
        )
