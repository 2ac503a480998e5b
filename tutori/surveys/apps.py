"""App configuration for surveys: what surveys add to the platform."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _waiting(user: Any) -> dict[str, Any] | None:
    """The dashboard panel: how many open surveys wait for the person's answer (none: no
    panel)."""
    from tutori.surveys.selectors.distribution import waiting_count

    count = waiting_count(user=user)
    return {"count": count} if count else None


def _install_instruments(**kwargs: Any) -> None:
    """The built-in instruments, created or updated after every migrate (idempotent)."""
    from tutori.surveys.instruments import instruments_install

    instruments_install()


def _demo() -> list[str]:
    from tutori.surveys.demo import surveys_demo_load

    counts = surveys_demo_load()
    return [
        f"Demo surveys: {counts.get('surveys', 0)} surveys, {counts.get('responses', 0)} "
        "answers to the needs survey (none added on a second run)."
    ]


def _generate(**kwargs: Any) -> None:
    from tutori.surveys.generate import surveys

    surveys(**kwargs)


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
        # A survey answered, as a milestone of follow-up paths (issue 15).
        from tutori.surveys import milestones

        r.add_milestone_source(
            r.MilestoneSource(
                milestones.KEY, _("Kysely vastattu"), milestones.choices, milestones.reached
            )
        )
        # The people who gave an answer in an identified survey, as a group a follow-up path
        # puts on a path (issue 15).
        from tutori.surveys import answer_cohorts

        r.add_cohort_source(
            r.CohortSource(answer_cohorts.KEY, answer_cohorts.cohorts, answer_cohorts.members)
        )
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
                ("survey__title", "email", "name", "sent_at", "reminded_at", "started", "answered"),
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
        # Builder: the surveys a coordinator builds (and a manager follows); instruments.
        r.add_menu(
            # With tutoring's follow-up pages: the laptop menu stays one line in every language.
            r.MenuEntry(
                "surveys.list",
                "surveys:list",
                _("Kyselyt"),
                "surveys.results_any",
                order=155,
                group=_("Seuranta"),
            ),
            r.MenuEntry(
                "surveys.instruments",
                "surveys:instruments",
                _("Mittarit"),
                "surveys.build_any",
                order=168,
                group=_("Koordinointi"),
            ),
        )
        # Distribution: "Omat kyselyt", the panel of surveys waiting, the mails, the schedule.
        from tutori.core.tasks import periodic
        from tutori.surveys.tasks import PERIODIC_EVERY, surveys_periodic

        # Beside the surveys a coordinator or manager follows; a link of its own for everyone
        # else (a group of one link is that link).
        r.add_menu(
            r.MenuEntry(
                "surveys.mine", "surveys:mine", _("Omat kyselyt"), order=156, group=_("Seuranta")
            )
        )
        r.add_panel(
            r.DashboardPanel("surveys.waiting", "surveys/panels/_waiting.html", _waiting, 90)
        )
        r.add_notification_kind(
            # The invitation is the only way to answer: always sent.
            r.NotificationKind(
                "surveys.invitation", _("Kutsu vastaamaan kyselyyn"), essential=True, order=300
            ),
            # A reminder repeats the invitation; "Omat kyselyt" lists what waits.
            r.NotificationKind(
                "surveys.reminder", _("Muistutus vastaamattomasta kyselystä"), order=301
            ),
        )
        periodic("surveys.schedule", every=PERIODIC_EVERY, task=surveys_periodic)
        # School tutoring plans: built-in instruments, demo data and the generator step.
        post_migrate.connect(_install_instruments, sender=self, dispatch_uid="surveys.instruments")
        # Results exports too large for the request are built in the worker (surveys.exports).
        from tutori.surveys import exports

        r.add_exporter(
            r.Exporter(exports.EXPORTER, exports.build, exports.allowed, built=exports.built)
        )
        # A workshop's theme as a question of a draft survey (issue 17).
        from tutori.surveys import follow_up

        r.add_follow_up_targets(
            r.FollowUpTarget(
                follow_up.KEY,
                _("Kysymys kyselyluonnokseen"),
                follow_up.create,
                follow_up.url,
                follow_up.allowed,
                order=20,
            )
        )
        r.add_demo(r.DataStep("surveys", _demo, order=30))
        r.add_generator(r.DataStep("surveys", _generate, order=30))
