"""App configuration for the shared core."""

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tutori.core"
    label = "core"
    verbose_name = _("Yhteiset")

    def ready(self) -> None:
        from tutori.core import (
            checks,  # noqa: F401  (registers the system checks)
            db,  # noqa: F401  (keeps SQLite files private on every new connection)
        )
        from tutori.core.tasks import periodic, task_results_prune

        periodic("core.task_results_prune", every=timedelta(days=1), task=task_results_prune)
