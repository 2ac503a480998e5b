"""Helpers of the distribution and answering tests: a survey ready to send, sending it with
the task queue run inline, and the personal links read from the mails sent."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core import mail
from django.utils import timezone

from tests.conftest import World
from tests.surveys.factories import QuestionFactory, SurveyFactory
from tutori.surveys.models import Question, Recipient, Survey
from tutori.surveys.services.distribution import survey_send

LINK = re.compile(r"/surveys/answer/([A-Za-z0-9_-]+)/")


def ready_survey(world: World, *, anonymous: bool = True, **fields: Any) -> Survey:
    """A survey of Oulu to Koulu A's people, closing in a week, with a required grade, an
    optional Likert question, a single-choice question and a free text."""
    fields.setdefault("closes_at", timezone.now() + timedelta(days=7))
    survey = SurveyFactory(
        organisation=world.oulu, anonymous=anonymous, created_by=world.coordinator, **fields
    )
    survey.audience_organisations.set([world.school_a])
    QuestionFactory(
        survey=survey,
        key="grade",
        kind=Question.Kind.GRADE,
        required=True,
        text="Arvosana kurssille",
    )
    QuestionFactory(survey=survey, key="scale", likert=True, text="Osaan arvioida")
    QuestionFactory(
        survey=survey, key="way", single=True, choices=["lähi", "etä"], text="Miten osallistuit"
    )
    QuestionFactory(survey=survey, key="free", text="Terveiset")
    return survey


def send_now(survey: Survey, by: Any, capture: Any) -> bool:
    """Send ``survey`` as ``by``, running the queued jobs and mails inline."""
    with capture(execute=True):
        return survey_send(by=by, survey=survey)


def links(outbox: list[Any] | None = None) -> dict[str, str]:
    """The personal link's token of each address in the mails sent (the latest wins)."""
    found: dict[str, str] = {}
    for message in outbox if outbox is not None else mail.outbox:
        match = LINK.search(message.body)
        if match:
            found[message.to[0]] = match[1]
    return found


def recipients(survey: Survey) -> list[Recipient]:
    return list(Recipient._default_manager.filter(survey=survey).order_by("email"))
