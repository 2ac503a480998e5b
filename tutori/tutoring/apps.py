"""App configuration for tutoring: what tutoring adds to the platform."""

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _panel(user: Any) -> dict[str, Any] | None:
    from tutori.tutoring.selectors.dashboard import tutoring_summary

    return tutoring_summary(user=user)


def _demo() -> list[str]:
    from tutori.tutoring.demo import tutoring_demo_load

    counts = tutoring_demo_load()
    return [
        f"Demo tutoring: {counts.get('tutors', 0)} tutors, {counts.get('bookings', 0)} bookings, "
        f"{counts.get('sessions', 0)} logged sessions (none added on a second run)."
    ]


def _generate(**kwargs: Any) -> None:
    from tutori.tutoring.generate import tutoring

    tutoring(**kwargs)


def _events(user: Any, since: Any) -> Any:
    from tutori.tutoring.services.calendar import tutoring_events

    return tutoring_events(user, since)


class TutoringConfig(AppConfig):
    name = "tutori.tutoring"
    label = "tutoring"
    verbose_name = _("Tutorointi")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tutori.core import registry as r
        from tutori.core.tasks import periodic
        from tutori.tutoring import (
            models,
            notifications,
            permissions,  # noqa: F401  (registers rules and visibility)
        )
        from tutori.tutoring.tasks import REMINDERS_EVERY, reminders_send

        for model in (models.Slot, models.SubstituteSpend, models.TutoringSession):
            auditlog.register(model)
        # The logged session is its own audited row; following the reverse one-to-one from a
        # booking cost every booking write a query.
        auditlog.register(models.Booking, exclude_fields=["session"])

        r.add_menu(
            r.MenuEntry(
                "tutoring.catalogue", "tutoring:catalogue", _("Mihin voin saada apua?"), order=100
            ),
            r.MenuEntry("tutoring.my", "tutoring:my_bookings", _("Omat varaukset"), order=110),
            r.MenuEntry("tutoring.week", "tutoring:week", _("Kalenteri"), order=120),
            *(
                r.MenuEntry(key, url_name, label, "tutoring.publish", order, _("Tutorin työkalut"))
                for key, url_name, label, order in (
                    ("tutoring.availability", "tutoring:availability", _("Omat ajat"), 130),
                    ("tutoring.log", "tutoring:log", _("Tutorointiloki"), 132),
                    ("tutoring.profile", "tutoring:profile", _("Tutorprofiili"), 134),
                )
            ),
            *(
                r.MenuEntry(key, url_name, label, "tutoring.oversee_any", order, _("Seuranta"))
                for key, url_name, label, order in (
                    ("tutoring.report", "tutoring:report_hours", _("Raportit"), 140),
                    ("tutoring.budgets", "tutoring:budgets", _("Sijaisbudjetit"), 150),
                )
            ),
            *(
                r.MenuEntry(key, url_name, label, "tutoring.curate", order, _("Koordinointi"))
                for key, url_name, label, order in (
                    ("tutoring.topics", "tutoring:topics", _("Aihesanasto"), 160),
                    ("tutoring.named_tutors", "tutoring:named_tutors", _("Nimikkotutorit"), 162),
                    ("tutoring.policies", "tutoring:policies", _("Varaussäännöt"), 164),
                    ("tutoring.breaks", "tutoring:breaks", _("Koulujen lomat"), 166),
                )
            ),
        )
        # Substitute spend (services.budget): who can decide is told of a spend waiting for
        # them; who proposed it, of the decision (a refusal or an undone decision must reach).
        r.add_notification_kind(
            r.NotificationKind(
                "tutoring.spend_to_decide", _("Sijaiskulu odottaa päätöstäni"), order=300
            ),
            r.NotificationKind(
                "tutoring.spend_decision",
                _("Päätös lisäämästäni sijaiskulusta"),
                essential=True,
                order=310,
            ),
        )
        # Bookings (tutoring.notifications): who is told what, and the reminder before a time.
        r.add_notification_kind(*notifications.KINDS)
        r.add_notification_event(*notifications.EVENTS)
        periodic("tutoring.reminders", every=REMINDERS_EVERY, task=reminders_send)
        r.add_panel(r.DashboardPanel("tutoring", "tutoring/panels/_dashboard.html", _panel, 100))
        r.add_calendar_source(r.CalendarSource("tutoring", _events))
        # The topic vocabulary for surveys' topic picker and school tutoring plans.
        from tutori.tutoring import topics_source

        r.add_topic_source(
            r.TopicSource(
                "tutoring.topics",
                topics=topics_source.topics,
                offers=topics_source.offers,
                stamp=topics_source.stamp,
            )
        )
        topics_source.watch()
        # A workshop's theme as a topic of the catalogue (issue 17).
        from tutori.tutoring import follow_up

        r.add_follow_up_targets(
            r.FollowUpTarget(
                follow_up.KEY,
                _("Aihe tutoroinnin aihesanastoon"),
                follow_up.create,
                follow_up.url,
                follow_up.allowed,
                order=10,
            )
        )
        r.add_demo(r.DataStep("tutoring", _demo, order=20))
        r.add_generator(r.DataStep("tutoring", _generate, order=20))
        r.add_personal_data(
            r.PersonalData(
                models.Booking,
                "person",
                ("slot__starts_at", "topic__name", "need", "status", "cancel_reason"),
                erase=r.Erase.ANONYMISE,
                blank_fields=("need", "cancel_reason"),
            ),
            r.PersonalData(
                models.Slot,
                "tutor",
                ("starts_at", "ends_at", "location", "note", "status"),
                reason="the times and their bookings stay for the other party and reports",
            ),
            r.PersonalData(
                models.SlotSeries,
                "tutor",
                ("weekday", "start_time", "first_date", "until"),
                reason="kept with the times it made",
            ),
            r.PersonalData(
                models.TutoringSession,
                "tutor|participants",
                ("date", "duration_minutes", "topic__name", "note"),
                erase=r.Erase.ANONYMISE,
                blank_fields=("note",),
            ),
            r.PersonalData(
                models.TutorProfile,
                "user",
                ("organisation__name", "description", "languages", "is_published"),
                erase=r.Erase.DELETE,
            ),
            r.PersonalData(
                models.NamedTutor,
                "tutor",
                ("school__name", "set_at"),
                erase=r.Erase.DELETE,
                actor_paths=("set_by",),
            ),
            r.PersonalData(
                models.SubstituteSpend,
                "created_by",
                ("date", "amount", "description", "status"),
                reason="bookkeeping of the school's substitute budget",
                actor_paths=("decided_by",),
            ),
            r.PersonalDataExempt(models.BookingPolicy, "an organisation's rules; names no person"),
        )
