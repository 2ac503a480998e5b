"""App configuration for follow-up paths and supervision: what paths add to the platform."""

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The menu's group of the path pages (templates, the coach's people, one's own path).
MENU_GROUP = pgettext_lazy("menu", "Polut")


def _on_milestone(sender: Any, *, ref: str, person_id: int, on: Any, **kwargs: Any) -> None:
    from tutori.paths.services.schedule import milestone_reached

    milestone_reached(ref=ref, person_id=person_id, on=on)


def _demo() -> list[str]:
    from tutori.paths.demo import paths_demo_load

    counts = paths_demo_load()
    return [
        f"Demo paths: {counts.get('paths', 0)} people on the Parik peer-mentor path, "
        f"{counts.get('notes', 0)} supervision notes (none added on a second run)."
    ]


def _generate(**kwargs: Any) -> None:
    from tutori.paths.generate import paths

    paths(**kwargs)


class PathsConfig(AppConfig):
    name = "tutori.paths"
    label = "paths"
    verbose_name = _("Polut")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tutori.core import milestones
        from tutori.core import registry as r
        from tutori.paths import (
            models,
            permissions,  # noqa: F401  (registers rules and visibility)
        )

        milestones.reached.connect(_on_milestone, dispatch_uid="paths.milestone_reached")
        for model in (models.PathTemplate, models.PersonPath, models.PersonStep):
            auditlog.register(model)
        r.add_personal_data(
            r.PersonalData(
                models.PersonPath,
                "person",
                (
                    "template__name",
                    "organisation__name",
                    "status",
                    "started_on",
                    "completed_on",
                    "stopped_on",
                    "stop_reason",
                ),
                erase=r.Erase.ANONYMISE,
                blank_fields=("stop_reason",),
                reason="paths stay counted in the path reports without the person",
                actor_paths=("created_by", "coach"),
            ),
            r.PersonalData(
                models.PersonStep,
                "path__person",
                ("step__title", "due_from", "due_to", "done_on", "rescheduled_reason"),
                erase=r.Erase.ANONYMISE,
                blank_fields=("rescheduled_reason",),
                reason="steps stay counted in the path reports without the person",
                actor_paths=("done_by", "rescheduled_by"),
            ),
            r.PersonalData(
                models.SupervisionNote,
                "path__person",
                (
                    "held_on",
                    "duration_minutes",
                    "problems",
                    "solutions",
                    "feedback_given",
                    "feedback_received",
                    "ideas",
                    "person_view",
                ),
                erase=r.Erase.DELETE,
                actor_paths=("author",),
            ),
            r.PersonalData(
                models.Reflection,
                "path__person",
                ("text", "created_at"),
                erase=r.Erase.DELETE,
            ),
            r.PersonalData(
                models.PathTemplate,
                "created_by",
                ("name", "created_at"),
                reason="the organisation's path template; names who made it",
                actor_paths=("created_by",),
            ),
            r.PersonalDataExempt(models.PathVersion, "a version of a template; names its editor"),
            r.PersonalDataExempt(models.NotePolicy, "an organisation's setting"),
        )
        # Menus, dashboard panels, notification kinds, calendar source, demo data, the
        # generator step are added by the parts below, each in its own block.
        # Path templates (part A): "Polkupohjat" in the menu; who changes the organisation's
        # note policy (who may read supervision notes) is in the audit trail.
        auditlog.register(models.NotePolicy)
        r.add_menu(
            r.MenuEntry(
                "paths.templates",
                "paths:templates",
                _("Polkupohjat"),
                perm="paths.organise_any",
                order=170,
                # With the coordinator's other tools: a group of its own would make the
                # coordinator's menu two lines on a laptop.
                group=_("Koordinointi"),
            )
        )
        # The coach (part C): "Valmennettavat" in the menu and the coach's dashboard panel
        # (steps overdue and due this week).
        from tutori.paths.selectors.coach import panel_coach

        r.add_menu(
            r.MenuEntry(
                "paths.coach",
                "paths:coach",
                _("Valmennettavat"),
                perm="paths.coach_menu",
                order=172,
                group=MENU_GROUP,
            )
        )
        r.add_panel(
            r.DashboardPanel(
                "paths.coach",
                "paths/panels/_coach.html",
                lambda user: panel_coach(user=user),
                90,
            )
        )
        # Reminders, reports, data (part D): the reminder of a step opening or overdue (a
        # periodic job), "Polkujen raportit" in the menu, the demo path of seed 003 and the
        # benchmark generator step.
        from tutori.core.tasks import periodic
        from tutori.paths import tasks as path_tasks

        r.add_notification_kind(*path_tasks.KINDS)
        periodic(
            "paths.reminders", every=path_tasks.REMINDERS_EVERY, task=path_tasks.reminders_send
        )
        r.add_menu(
            r.MenuEntry(
                "paths.reports",
                "paths:reports",
                _("Polkujen raportit"),
                perm="paths.organise_any",
                order=178,
                group=_("Seuranta"),
            )
        )
        r.add_demo(r.DataStep("paths", _demo, order=60))
        r.add_generator(r.DataStep("paths", _generate, order=60))
        # People on paths (part B): "Henkilöiden polut" for coordinators, the mails of being
        # put on a path and of new people to coach.
        from tutori.paths.services import people as people_services

        r.add_notification_kind(*people_services.KINDS)
        r.add_menu(
            r.MenuEntry(
                "paths.people",
                "paths:people",
                _("Henkilöiden polut"),
                perm="paths.organise_any",
                order=174,
                group=_("Koordinointi"),
            ),
        )
        # "Oma polkuni" is reached from the dashboard's panel, shown to those on a path (the
        # menu would ask every page whether one is).
        from tutori.paths.selectors.people import panel_mine

        r.add_panel(
            r.DashboardPanel(
                "paths.mine", "paths/panels/_mine.html", lambda user: panel_mine(user=user), 88
            )
        )
