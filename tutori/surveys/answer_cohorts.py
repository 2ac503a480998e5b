"""The people who gave a chosen answer in an identified survey ("willing to become a peer
mentor: yes") as a group another app may act on — a follow-up path puts them on a path
(issue 15) — declared through ``core.registry.CohortSource`` ("surveys.answers"), so paths
never import surveys.

Only identified surveys' single and multiple choice questions are offered, and only to those
who may read every answer of the survey (its organisation's survey builders; admins): an
anonymous survey's answers are never tied to a person.
"""

from __future__ import annotations

from typing import Any

from tutori.access import engine
from tutori.core.scoping import scopes_disabled
from tutori.surveys.models import Answer, Choice, Question, Survey
from tutori.surveys.permissions import BUILDER_ROLES

KEY = "surveys.answers"
# A coordinator chooses among the answers of their latest surveys (a national admin's list
# stays short).
COHORTS_MAX = 200
CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE)


def cohorts(user: Any) -> list[tuple[str, str]]:
    """The choices of the identified surveys ``user`` may read every answer of, latest survey
    first: ``(choice id, "<survey>: <question> = <choice>")``."""
    surveys = Survey.objects.visible_to(user).filter(is_instrument=False, anonymous=False)
    if not engine.reach(user).is_admin:
        surveys = surveys.filter(engine.ids_q(user, "organisation_id", BUILDER_ROLES))
    rows = (
        Choice.objects.filter(
            question__survey_id__in=surveys.values("pk"), question__kind__in=CHOICE_KINDS
        )
        .order_by(
            "-question__survey__created_at",
            "question__survey_id",
            "question__order",
            "question_id",
            "order",
            "pk",
        )
        .values_list("pk", "question__survey__title", "question__text", "label")
    )
    return [
        (str(pk), f"{title}: {question} = {label}")
        for pk, title, question, label in rows[:COHORTS_MAX]
    ]


@scopes_disabled()
def members(cohort_id: str) -> list[int]:
    """The ids of the people whose submitted answer to an identified survey chose the
    choice; none for an id that names no such choice."""
    if not cohort_id.isdigit() or len(cohort_id) > 18:
        return []
    return list(
        Answer.objects.filter(
            choice_id=int(cohort_id),
            response__submitted=True,
            response__survey__anonymous=False,
            response__person__isnull=False,
        )
        .order_by("response__person_id")
        .values_list("response__person_id", flat=True)
        .distinct()
    )
