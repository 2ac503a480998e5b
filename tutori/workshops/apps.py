"""App configuration for peer-learning workshops (Puimala): what workshops add to the
platform."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MENU_LABEL = pgettext_lazy("menu", "Työpajat")


class WorkshopsConfig(AppConfig):
    name = "tutori.workshops"
    label = "workshops"
    verbose_name = _("Työpajat")

    def ready(self) -> None:
        from tutori.core import registry as r
        from tutori.workshops import (
            models,
            permissions,  # noqa: F401  (registers rules and visibility)
        )

        r.add_personal_data(
            r.PersonalData(
                models.WorkshopParticipant,
                "user",
                ("workshop__title", "workshop__held_on", "display_name", "joined_at"),
                erase=r.Erase.ANONYMISE,
                blank_fields=("display_name",),
                reason="the workshop's ideas and votes stay counted without the person",
            ),
            r.PersonalData(
                models.Idea,
                "participant__user",
                ("question__workshop__title", "question__text", "text", "created_at"),
                reason=(
                    "an idea is part of the workshop's shared result; erasure blanks the "
                    "participant's name, and an anonymous workshop never shows its author"
                ),
            ),
            r.PersonalData(
                models.Workshop,
                "created_by",
                ("title", "held_on", "created_at"),
                reason="the organisation's workshop; names who made it",
                actor_paths=("created_by",),
            ),
            r.PersonalData(
                models.FollowUp,
                "owner",
                ("title", "kind", "due_on", "done"),
                reason="a task of the organisation's follow-up work; names its owner",
                actor_paths=("created_by",),
            ),
        )
        # Part W1 (foundation, the facilitator): the "Työpajat" menu for coordinators and
        # tutors.
        r.add_menu(
            r.MenuEntry(
                "workshops.list",
                "workshops:list",
                MENU_LABEL,
                perm="workshops.facilitate_any",
                order=176,
                group=_("Koordinointi"),
            )
        )
        # The facilitator's dashboard panel: the workshops they run now or soon.
        from tutori.workshops.selectors import panel_running

        r.add_panel(
            r.DashboardPanel(
                "workshops.running", "workshops/panels/_running.html", panel_running, 92
            )
        )
        # The workshops with a start time in the feeds of their creators and participants.
        from tutori.workshops.calendar import workshop_events

        r.add_calendar_source(r.CalendarSource("workshops", workshop_events))
        # --- end of part W1

        # Part W2 (taking part): "Työpajani" on the dashboard of whoever joined an open
        # workshop with their account (a link back to it, and to the join page).
        from tutori.workshops.panels_take_part import panel_joined

        r.add_panel(
            r.DashboardPanel("workshops.joined", "workshops/panels/_joined.html", panel_joined, 91)
        )
        # --- end of part W2

        # Part W3 (results, exports, archive, follow-up work): "Työpajojen tulokset" (the
        # archive of closed workshops) in the menu, the task owner's mail and dashboard panel.
        from tutori.workshops.results import panel_tasks
        from tutori.workshops.services import follow_up

        r.add_menu(
            r.MenuEntry(
                "workshops.archive",
                "workshops:archive",
                _("Työpajojen tulokset"),
                perm="workshops.read_archive_any",
                order=179,
                # Beside the other reports the coordinators and managers read.
                group=_("Seuranta"),
            )
        )
        r.add_notification_kind(*follow_up.KINDS)
        r.add_panel(
            r.DashboardPanel(
                "workshops.tasks",
                "workshops/panels/_tasks.html",
                lambda user: panel_tasks(user=user),
                92,
            )
        )
        # --- end of part W3

        # Part W4 (demo data, generator, bench): seed 002's four workshops and an open one
        # (its join code printed with the demo's logins), the benchmark generator step.
        from tutori.workshops import demo, generate

        r.add_demo(r.DataStep("workshops", demo.demo_lines, order=80))
        r.add_generator(r.DataStep("workshops", generate.workshops, order=80))
        # --- end of part W4
