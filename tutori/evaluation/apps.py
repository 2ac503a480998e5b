"""App configuration for evaluation and funder reports: what evaluation adds to the platform."""

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The menu's group of the reports (with tutoring's and the paths' reports).
MENU_GROUP = _("Seuranta")


def _demo() -> list[str]:
    from tutori.evaluation.demo import evaluation_demo_load

    counts = evaluation_demo_load()
    return [
        f"Demo evaluation: {counts.get('evaluations', 0)} programme evaluations (WIRE 3, "
        f"Parik) with {counts.get('responses', 0)} answers, {counts.get('sessions', 0)} "
        "tutoring sessions of three earlier terms (none added on a second run); "
        "jaana.jarvinen@demo.tutori.fi reads WIRE 3's reports."
    ]


def _generate(**kwargs: Any) -> None:
    from tutori.evaluation.generate import evaluations

    evaluations(**kwargs)


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

        # Part A: "Koulutusten arviointi" in the menu, the dashboard panel of coordinators and
        # steering groups, and the periodic job sending the pre, post and feedback invitations.
        from tutori.core.tasks import periodic
        from tutori.evaluation.selectors.index import panel_evaluations
        from tutori.evaluation.services import invite

        r.add_menu(
            r.MenuEntry(
                "evaluation.index",
                "evaluation:index",
                _("Koulutusten arviointi"),
                perm="evaluation.any",
                order=180,
                group=MENU_GROUP,
            )
        )
        r.add_panel(
            r.DashboardPanel(
                "evaluation.programmes",
                "evaluation/panels/_evaluations.html",
                lambda user: panel_evaluations(user=user),
                96,
            )
        )
        periodic(
            "evaluation.invitations", every=invite.INVITATIONS_EVERY, task=invite.invitations_send
        )

        # Part C: "Tutoroinnin vaikuttavuus" in the menu, for those who oversee tutoring.
        r.add_menu(
            r.MenuEntry(
                "evaluation.impact",
                "evaluation:impact",
                _("Tutoroinnin vaikuttavuus"),
                perm="evaluation.tutoring_impact",
                order=182,
                group=MENU_GROUP,
            )
        )

        # Part D: "Rahoittajaraportti" in the menu, the demo evaluations (WIRE 3, Parik) and
        # the benchmark generator step.
        r.add_menu(
            r.MenuEntry(
                "evaluation.funder",
                "evaluation:funder",
                _("Rahoittajaraportti"),
                perm="evaluation.funder",
                order=184,
                group=MENU_GROUP,
            )
        )
        r.add_demo(r.DataStep("evaluation", _demo, order=70))
        r.add_generator(r.DataStep("evaluation", _generate, order=70))
