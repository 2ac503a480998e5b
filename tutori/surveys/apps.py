"""App configuration for surveys: what surveys add to the platform."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "tutori.surveys"
    label = "surveys"
    verbose_name = _("Kyselyt")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tutori.core import registry as r
        from tutori.surveys import (
            models,
            permissions,  # noqa: F401  (registers rules and visibility)
        )

        for model in (models.Survey, models.Question):
            auditlog.register(model)
        r.add_personal_data(
            r.PersonalData(
                models.Survey,
                "created_by",
                ("title", "created_at"),
                reason="the organisation's survey; names its author only",
                actor_paths=("created_by",),
            ),
            r.PersonalData(
                models.Recipient,
                "person",
                ("survey__title", "email", "name", "sent_at", "answered"),
                erase=r.Erase.DELETE,
            ),
            r.PersonalData(
                models.Response,
                "person",
                ("survey__title", "submitted_on", "organisation__name", "role"),
                erase=r.Erase.ANONYMISE,
                reason="identified answers stay counted in results without the person",
            ),
            r.PersonalData(
                models.QuestionRevision,
                "changed_by",
                ("text", "changed_at"),
                reason="the wording a survey's question had",
                actor_paths=("changed_by",),
            ),
        )
        # Menus, dashboard panels, notification kinds, periodic reminders, demo data, the
        # generator step and the personal-data declarations are added by the parts below.
