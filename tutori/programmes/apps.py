"""App configuration for training programmes: what programmes add to the platform."""

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The menu's group of the programme pages (the list and "Omat koulutukset"): a short word, so
# that the coordinator's menu stays one line on a laptop in every language.
MENU_GROUP = pgettext_lazy("menu", "Koulutukset")


def _demo() -> list[str]:
    from tutori.programmes.demo import programmes_demo_load

    counts = programmes_demo_load()
    return [
        f"Demo programmes: {counts.get('programmes', 0)} programmes, "
        f"{counts.get('participants', 0)} participants, {counts.get('attendances', 0)} "
        "attendances (none added on a second run)."
    ]


def _generate(**kwargs: Any) -> None:
    from tutori.programmes.generate import programmes

    programmes(**kwargs)


class ProgrammesConfig(AppConfig):
    name = "tutori.programmes"
    label = "programmes"
    verbose_name = _("Koulutukset")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tutori.core import registry as r
        from tutori.programmes import (
            models,
            permissions,  # noqa: F401  (registers rules and visibility)
        )

        for model in (models.Programme, models.Participant, models.Attendance):
            auditlog.register(model)
        r.add_personal_data(
            r.PersonalData(
                models.Programme,
                "trainers|steering_group",
                ("name", "starts_on", "ends_on"),
                reason="the organisation's programme; names its trainers and steering group",
                actor_paths=("created_by",),
            ),
            r.PersonalData(
                models.Session,
                "trainers",
                ("programme__name", "date", "starts_at", "ends_at", "theme"),
                reason="the programme's timetable; names its trainers",
            ),
            r.PersonalData(
                models.Material,
                "created_by",
                ("title", "created_at"),
                reason="the programme's material; names who added it",
                actor_paths=("created_by",),
            ),
            r.PersonalData(
                models.Participant,
                "person",
                (
                    "programme__name",
                    "organisation__name",
                    "status",
                    "applied_at",
                    "motivation",
                    "criteria_answers",
                    "decision_message",
                    "enrolled_at",
                    "goals",
                    "case_description",
                    "left_at",
                    "leave_reason",
                    "leave_note",
                    "completed_at",
                    "certificate_code",
                ),
                erase=r.Erase.ANONYMISE,
                blank_fields=(
                    "motivation",
                    "decision_message",
                    "goals",
                    "case_description",
                    "leave_note",
                ),
                reason="participations stay counted in the programme's funnel without the person",
                actor_paths=("applied_by", "decided_by", "completion_confirmed_by"),
            ),
            r.PersonalData(
                models.Attendance,
                "participant__person",
                ("session__programme__name", "session__date", "status", "hours", "absence_reason"),
                erase=r.Erase.ANONYMISE,
                blank_fields=("absence_reason",),
                reason="attendance stays counted in the programme's hours",
                actor_paths=("marked_by",),
            ),
            r.PersonalData(
                models.Submission,
                "participant__person",
                ("assignment__title", "text", "status", "submitted_at", "feedback"),
                erase=r.Erase.DELETE,
                actor_paths=("reviewed_by",),
            ),
            r.PersonalData(
                models.CaseNote,
                "participant__person",
                ("text", "created_at"),
                erase=r.Erase.DELETE,
            ),
        )
        # Menus, dashboard panels, notification kinds, calendar source, profile badge, demo
        # data, the generator step and the personal-data declarations are added by the parts
        # below, each in its own block.
        # Applications (part B): "Omat koulutukset" and the mails of applying and deciding.
        from tutori.programmes.services import enrolment

        r.add_menu(
            r.MenuEntry(
                "programmes.my",
                "programmes:my",
                _("Omat koulutukset"),
                order=158,
                group=MENU_GROUP,  # with the list (part A): one item of the laptop line
            )
        )
        r.add_notification_kind(*enrolment.KINDS)
        from tutori.programmes.selectors.applications import panel_applications

        r.add_panel(
            r.DashboardPanel(
                "programmes.applications",
                "programmes/panels/_applications.html",
                lambda user: panel_applications(user=user),
                96,  # after the plan's panel of programmes
            )
        )
        # The plan (part A): "Koulutukset" in the menu, the dashboard panel and the sessions
        # in the iCalendar feed.
        from tutori.programmes.calendar import programme_events
        from tutori.programmes.selectors.programmes import panel_programmes
        from tutori.programmes.services import programmes as plan

        r.add_notification_kind(*plan.KINDS)

        r.add_menu(
            r.MenuEntry(
                "programmes.list",
                "programmes:list",
                _("Kaikki koulutukset"),
                order=157,
                group=MENU_GROUP,
            )
        )
        r.add_panel(
            r.DashboardPanel(
                "programmes.plan",
                "programmes/panels/_programmes.html",
                lambda user: panel_programmes(user=user),
                95,
            )
        )
        r.add_calendar_source(r.CalendarSource("programmes", programme_events))
        # Participation (part C): the mails of the info letter and of a reviewed assignment,
        # and the trainer's panel (sessions today, returned assignments to review).
        from tutori.programmes.selectors.participation import panel_training
        from tutori.programmes.services import participation

        r.add_notification_kind(*participation.KINDS)
        r.add_notification_event(*participation.EVENTS)
        r.add_panel(
            r.DashboardPanel(
                "programmes.training",
                "programmes/panels/_training.html",
                lambda user: panel_training(user=user),
                94,
            )
        )
        # Completion (part D): the mails of a confirmed completion and of a follow-up meeting's
        # invitation, the badges on the profile, a manager's page of their people's progress.
        from tutori.programmes.selectors.completion import badges
        from tutori.programmes.services import completion

        r.add_notification_kind(*completion.KINDS)
        r.add_profile_section(
            r.DashboardPanel(
                "programmes.badges", "programmes/completion/_profile_badges.html", badges, 150
            )
        )
        r.add_menu(
            r.MenuEntry(
                "programmes.people",
                "programmes:people",
                _("Henkilöstön koulutukset"),
                perm="programmes.follow_people",
                order=159,
                # Beside the other pages a manager follows their people on (one laptop line).
                group=_("Seuranta"),
            )
        )
        # Data (part E): the demo programmes of seeds 004 and 003, and the generator step.
        r.add_demo(r.DataStep("programmes", _demo, order=40))
        r.add_generator(r.DataStep("programmes", _generate, order=40))
        # A programme's participants as a survey audience (issue 13's "programme cohort").
        from tutori.programmes import cohorts

        r.add_cohort_source(r.CohortSource("programmes", cohorts.cohorts, cohorts.members))
        # A completed training, as a milestone of follow-up paths (issue 15).
        from tutori.programmes import milestones

        r.add_milestone_source(
            r.MilestoneSource(
                milestones.KEY, _("Koulutus suoritettu"), cohorts.cohorts, milestones.reached
            )
        )
