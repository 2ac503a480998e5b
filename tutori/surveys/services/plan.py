"""Counting a survey's answers for the school tutoring plans, per organisation and topic.

``plan_tallies(responses, questions)`` counts any set of submitted answers in three grouped
queries (the plan page of an open survey counts its one school's answers so, live). A closed
survey's answers no longer change: ``plan_tallies_store`` counts them all once into
``PlanTally`` rows, which the plan pages then read (``plan_tallies_current`` decides when:
never counted, or the survey was saved — reopened, edited — after it was).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from tutori.core.scoping import scopes_disabled
from tutori.surveys.models import DEFAULT_SCALE, Answer, PlanTally, Question, Response, Survey

# The highest points of a need scale that count as a high need ("paljon", "erittäin paljon").
HIGH_POINTS = 2
ALL_ANSWERS = 0  # the topic id of an organisation's row holding its number of answers


@dataclass
class Tally:
    answers: int = 0
    chosen: int = 0
    answered: int = 0
    high: int = 0
    points: int = 0


@dataclass(frozen=True)
class PlanQuestion:
    pk: int
    kind: str
    topic_id: int | None
    scale_max: int


def plan_questions(survey: Survey) -> list[PlanQuestion]:
    """The questions that count in a plan: topic questions, and scale questions that measure
    the need of a named topic."""
    rows = (
        Question.objects.filter(survey=survey)
        .filter(
            Q(kind=Question.Kind.TOPICS)
            | Q(kind=Question.Kind.LIKERT, measures_need=True, topic_id__isnull=False)
        )
        .values_list("pk", "kind", "topic_id", "scale_labels")
    )
    return [
        PlanQuestion(pk, kind, topic_id, len(labels or DEFAULT_SCALE))
        for pk, kind, topic_id, labels in rows
    ]


def plan_tallies(
    responses: QuerySet[Response], questions: list[PlanQuestion]
) -> dict[tuple[int, int], Tally]:
    """``(organisation id, topic id)`` → what the submitted ``responses`` say, counted by the
    database; ``(organisation id, ALL_ANSWERS)`` holds the number of answers."""
    tallies: dict[tuple[int, int], Tally] = {}

    def at(org: Any, topic: Any) -> Tally:
        return tallies.setdefault((org or 0, topic or 0), Tally())

    for org, n in (
        responses.order_by().values_list("organisation_id").annotate(n=Count("pk"))
    ).values_list("organisation_id", "n"):
        at(org, ALL_ANSWERS).answers = n
    topic_questions = [q.pk for q in questions if q.kind == Question.Kind.TOPICS]
    need_questions = [q for q in questions if q.kind == Question.Kind.LIKERT]
    answers = Answer.objects.filter(response__in=responses)
    if topic_questions:
        # One row per chosen topic: a count of rows is a count of respondents.
        for org, topic, n in (
            answers.filter(question_id__in=topic_questions, topic_id__isnull=False)
            .order_by()
            .values_list("response__organisation_id", "topic_id")
            .annotate(n=Count("pk"))
        ):
            at(org, topic).chosen = n
    if need_questions:
        topic_of = Case(
            *(When(question_id=q.pk, then=Value(q.topic_id)) for q in need_questions),
            output_field=IntegerField(),
        )
        high = Q(pk__in=[])
        for q in need_questions:
            high |= Q(question_id=q.pk, number__gte=q.scale_max - HIGH_POINTS + 1)
        for org, topic, answered, high_n, points in (
            answers.filter(question_id__in=[q.pk for q in need_questions], number__isnull=False)
            .annotate(t=topic_of)
            .order_by()
            .values_list("response__organisation_id", "t")
            .annotate(answered=Count("pk"), high=Count("pk", filter=high), points=Sum(F("number")))
        ):
            tally = at(org, topic)
            tally.answered, tally.high, tally.points = answered, high_n, max(points or 0, 0)
    tallies.pop((0, ALL_ANSWERS), None)  # answers of no organisation have no plan
    return {key: t for key, t in tallies.items() if key[0]}


def plan_tallies_current(survey: Survey) -> bool:
    """Whether the stored tallies of a closed survey may be read (counting them if needed)."""
    if survey.status != Survey.Status.CLOSED:
        return False
    if survey.plan_counted_at is None or survey.plan_counted_at < survey.updated_at:
        plan_tallies_store(survey=survey)
    return True


@scopes_disabled()
def plan_tallies_store(*, survey: Survey) -> int:
    """Count every submitted answer of ``survey`` into PlanTally rows (all its organisations;
    the plan pages show each to those who may see it). Two views counting at once: the
    second finds the rows there and leaves them."""
    questions = plan_questions(survey)
    tallies = plan_tallies(Response.objects.filter(survey=survey, submitted=True), questions)
    counted_at = timezone.now()
    try:
        with transaction.atomic():
            PlanTally.objects.filter(survey=survey).delete()
            PlanTally.objects.bulk_create(
                [
                    PlanTally(
                        survey=survey,
                        organisation_id=org,
                        topic_id=topic,
                        answers=t.answers,
                        chosen=t.chosen,
                        answered=t.answered,
                        high=t.high,
                        points=t.points,
                    )
                    for (org, topic), t in tallies.items()
                ],
                batch_size=2000,
            )
            Survey.objects.filter(pk=survey.pk).update(plan_counted_at=counted_at)
    except IntegrityError:
        return 0
    survey.plan_counted_at = counted_at
    return len(tallies)
