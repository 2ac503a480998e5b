"""App configuration for evaluation and funder reports: what evaluation adds to the platform."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The menu's group of the reports (with tutoring's and the paths' reports).
MENU_GROUP = _("Seuranta")


class EvaluationConfig(AppConfig):
    name = "tutori.evaluation"
    label = "evaluation"
    verbose_name = _("Arviointi")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tutori.core import registry as r
        from tutori.evaluation import (
            models,
            permissions,  # noqa: F401  (registers rules and visibility)
        )

        # Who linked which surveys to a programme is in the audit trail.
        auditlog.register(models.ProgrammeEvaluation)
        r.add_personal_data(
            r.PersonalData(
                models.ProgrammeEvaluation,
                "created_by",
                ("programme__name", "created_at"),
                reason="a programme's evaluation setting; names who made it",
                actor_paths=("created_by",),
            ),
        )
        # Menus, dashboard panels, notification kinds, the invitation job, demo data and the
        # generator step are added by the parts below, each in its own block.
