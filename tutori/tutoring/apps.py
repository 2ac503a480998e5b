"""App configuration for tutoring."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TutoringConfig(AppConfig):
    name = "tutori.tutoring"
    label = "tutoring"
    verbose_name = _("Tutorointi")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tutori.tutoring import models

        for model in (models.Booking, models.Slot, models.SubstituteSpend, models.TutoringSession):
            auditlog.register(model)
