"""App configuration for the shared core."""

from datetime import timedelta
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _exports_panel(user: Any) -> dict[str, Any] | None:
    """The profile's link to "Omat viennit", for a person who has exports (one query)."""
    from tutori.core.models import ExportJob

    count = ExportJob.objects.visible_to(user).count()
    return {"count": count} if count else None


class CoreConfig(AppConfig):
    name = "tutori.core"
    label = "core"
    verbose_name = _("Yhteiset")

    def ready(self) -> None:
        from tutori.core import (
            checks,  # noqa: F401  (registers the system checks)
            db,  # noqa: F401  (keeps SQLite files private on every new connection)
        )
        from tutori.core import registry as r
        from tutori.core.models import ExportJob
        from tutori.core.tasks import exports_prune, periodic, task_results_prune

        periodic("core.task_results_prune", every=timedelta(days=1), task=task_results_prune)
        periodic("core.exports_prune", every=timedelta(hours=1), task=exports_prune)
        r.add_personal_data(
            r.PersonalData(
                ExportJob,
                "requested_by",
                ("title", "format", "status", "rows", "created_at", "expires_at"),
                erase=r.Erase.DELETE,
            ),
        )
        r.add_profile_section(
            r.DashboardPanel("core.exports", "core/exports/_profile.html", _exports_panel, 900)
        )
