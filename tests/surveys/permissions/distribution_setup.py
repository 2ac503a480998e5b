"""Set-up shared by the permission tests of sending and answering surveys: Oulu's survey to
Koulu A, ready to send or already sent, and a personal link of Koulu A's teacher."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.conftest import World
from tests.surveys.factories import QuestionFactory, RecipientFactory, SurveyFactory
from tutori.surveys.models import Question, Recipient, Survey, token_hash

TOKEN = "Opettajan-henkilokohtainen-linkki-0123456789abc"


def ready(w: World, **fields: Any) -> Survey:
    """Oulu's survey to Koulu A, closing in a week, with one required grade question."""
    fields.setdefault("closes_at", timezone.now() + timedelta(days=7))
    survey = SurveyFactory(organisation=w.oulu, **fields)
    survey.audience_organisations.set([w.school_a])
    QuestionFactory(survey=survey, key="grade", kind=Question.Kind.GRADE, required=True)
    return survey


def sent(w: World, **fields: Any) -> tuple[Survey, Recipient]:
    """``ready`` and sent two days ago to Koulu A's teacher, whose link is ``TOKEN``."""
    fields.setdefault("status", Survey.Status.OPEN)
    survey = ready(w, **fields)
    recipient = RecipientFactory(
        survey=survey,
        person=w.member,
        email=w.member.email,
        token_hash=token_hash(TOKEN),
        sent_at=timezone.now() - timedelta(days=2),
        organisation=w.school_a,
        role="member",
    )
    return survey, recipient


def kemi_survey(w: World) -> Survey:
    survey = SurveyFactory(organisation=w.kemi, status=Survey.Status.OPEN)
    QuestionFactory(survey=survey, key="grade", kind=Question.Kind.GRADE)
    return survey
