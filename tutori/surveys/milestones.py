"""A survey answered, as a milestone a follow-up path may wait for (issue 15: "when a
survey is answered, its step is done"), declared through ``core.registry.MilestoneSource``
and announced through ``core.milestones`` — paths never import surveys.

An anonymous survey's answer carries no date of its own (a date could be matched to the
answer): its milestone is dated on the day the person's link was sent.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from tutori.access import engine
from tutori.core import milestones
from tutori.core.scoping import scopes_disabled
from tutori.surveys.models import Recipient, Response, Survey
from tutori.surveys.permissions import BUILDER_ROLES

KEY = "surveys.answered"
# A coordinator chooses among their latest surveys (a national admin's list stays short).
CHOICES_MAX = 200


def choices(user: Any) -> list[tuple[str, str]]:
    """The surveys (not instruments) of the organisations ``user`` builds surveys in,
    latest first: ``(survey id, title)``."""
    surveys = Survey.objects.visible_to(user).filter(is_instrument=False)
    if not engine.reach(user).is_admin:
        surveys = surveys.filter(engine.ids_q(user, "organisation_id", BUILDER_ROLES))
    rows = surveys.order_by("-created_at", "pk").values_list("pk", "title")
    return [(str(pk), str(title)) for pk, title in rows[:CHOICES_MAX]]


def _day_of(recipient: Recipient, survey: Survey) -> date:
    if not survey.anonymous:
        with scopes_disabled():
            day = (
                Response.objects.filter(recipient=recipient, submitted=True)
                .values_list("submitted_on", flat=True)
                .first()
            )
        if day is not None:
            return day
    moment = recipient.sent_at or survey.opens_at
    return timezone.localdate(moment) if moment else timezone.localdate()


@scopes_disabled()
def reached(survey_id: str, person_id: int) -> date | None:
    """The date the person answered the survey (an anonymous one: the date their link was
    sent), or None."""
    if not survey_id.isdigit():
        return None
    recipient = (
        Recipient.objects.filter(survey_id=int(survey_id), person_id=person_id, answered=True)
        .select_related("survey")
        .first()
    )
    return None if recipient is None else _day_of(recipient, recipient.survey)


def announce(recipient: Recipient) -> None:
    """Tell the listeners that the recipient (a person with an account) answered."""
    if recipient.person_id is None:
        return
    milestones.announce(
        KEY,
        recipient.survey_id,
        person_id=recipient.person_id,
        on=_day_of(recipient, recipient.survey),
    )
