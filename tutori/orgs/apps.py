"""App configuration for organisations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "tutori.orgs"
    label = "orgs"
    verbose_name = _("Organisaatiot")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tutori.orgs.models import Membership, Network, Organisation

        auditlog.register(Organisation)
        auditlog.register(Network, m2m_fields={"organisations"})
        auditlog.register(Membership)
