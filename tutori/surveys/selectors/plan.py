"""Reads of the school tutoring plan: from a needs survey, the topics a school's answers
need most, the tutors who offer them to the school and the topics nobody offers (the gap).

How need is counted (the plan page says the same in plain words):

- A respondent *needs* a topic when they chose it in a topic question (``kind=topics``), or
  answered a need question about it (a scale question with ``measures_need`` and a
  ``topic_id``) with one of the two highest points of its scale ("paljon", "erittäin
  paljon" on the five-point need scale).
- A topic's *need* is the number of the school's submitted answers that need it, and its
  share of the school's answers; topics are ranked by it. Need questions also show their
  mean on their scale.
- Below five answers for the school nothing is shown (core.privacy).

Everything is counted by the database in a constant number of queries, whatever the number
of answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Case, Count, F, IntegerField, Max, Q, Value, When

from tutori.access import engine
from tutori.core import registry
from tutori.core.privacy import is_small
from tutori.orgs.models import Organisation, OrganisationKind, Role
from tutori.surveys.models import DEFAULT_SCALE, Answer, Question, Response, Survey
from tutori.surveys.permissions import sees_all_results

if TYPE_CHECKING:
    from tutori.accounts.models import User

# The highest points of a need scale that count as a need (two: "paljon", "erittäin paljon").
HIGH_POINTS = 2


@dataclass
class SchoolRow:
    school: Organisation
    answers: int

    @property
    def suppressed(self) -> bool:
        return is_small(self.answers)


@dataclass
class TopicNeed:
    topic_id: int
    label: str
    people: int  # respondents who need it (chose it, or answered high to its need question)
    chosen: int  # of them, those who chose it in a topic question
    share: float  # people / the school's answers, 0..1
    mean: float | None = None  # mean of its need questions' answers, on their scale
    scale_max: int | None = None
    offers: list[registry.TopicOffer] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass
class SchoolPlan:
    survey: Survey
    school: Organisation
    answers: int
    needs: list[TopicNeed]
    has_need_questions: bool

    @property
    def suppressed(self) -> bool:
        return is_small(self.answers)

    @property
    def gaps(self) -> list[TopicNeed]:
        """Topics needed but offered to the school by no tutor."""
        return [need for need in self.needs if not need.offers]


def plan_survey_get(*, user: User, pk: int) -> Survey | None:
    return (
        Survey.objects.visible_to(user)
        .filter(pk=pk, is_instrument=False)
        .select_related("organisation")
        .first()
    )


def _audience_schools(survey: Survey) -> Q:
    """The schools of the survey's audience (those of its own organisation when it names no
    audience), as a condition on Organisation; always inside the survey's organisation."""
    audience = list(survey.audience_organisations.values_list("pk", "path"))
    descendants = survey.include_descendants
    if not audience and survey.organisation is not None:
        audience, descendants = [(survey.organisation.pk, survey.organisation.path)], True
    condition = Q(pk__in=[pk for pk, _path in audience])
    if descendants:
        for _pk, path in audience:
            condition |= Q(path__startswith=path)
    inside = survey.organisation.path if survey.organisation is not None else "/-/"
    return condition & Q(kind=OrganisationKind.SCHOOL, is_active=True, path__startswith=inside)


def plan_schools(*, user: User, survey: Survey) -> list[SchoolRow]:
    """The schools of the survey's audience whose plan ``user`` may open (coordinators of the
    survey's organisation: all; a principal: the schools they manage), each with its
    submitted answers. Three queries."""
    schools = Organisation.objects.visible_to(user).filter(_audience_schools(survey))
    if not sees_all_results(user, survey):
        schools = schools.filter(engine.ids_q(user, "pk", frozenset({Role.MANAGER})))
    counts = dict(
        Response.objects.visible_to(user)
        .filter(survey=survey, submitted=True)
        .order_by()
        .values_list("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )
    return [
        SchoolRow(school=school, answers=counts.get(school.pk, 0))
        for school in schools.order_by("name")
    ]


def plan_school_get(*, user: User, survey: Survey, pk: int) -> Organisation | None:
    """A school of the survey's audience that ``user`` sees (the permission is checked by
    the caller: surveys.permissions.can_see_school_plan)."""
    return Organisation.objects.visible_to(user).filter(_audience_schools(survey), pk=pk).first()


def school_plan(*, user: User, survey: Survey, school: Organisation) -> SchoolPlan:
    """The tutoring plan of ``school`` from ``survey`` (see the module's docstring for how
    need is counted). At most eight queries, whatever the number of answers."""
    responses = Response.objects.visible_to(user).filter(
        survey=survey, submitted=True, organisation=school
    )
    answers = responses.count()
    questions = list(
        Question.objects.filter(survey=survey)
        .filter(
            Q(kind=Question.Kind.TOPICS)
            | Q(kind=Question.Kind.LIKERT, measures_need=True, topic_id__isnull=False)
        )
        .values("pk", "kind", "topic_id", "scale_labels")
    )
    plan = SchoolPlan(
        survey=survey, school=school, answers=answers, needs=[], has_need_questions=bool(questions)
    )
    if plan.suppressed or not questions:
        return plan

    topic_questions = [q["pk"] for q in questions if q["kind"] == Question.Kind.TOPICS]
    need_questions = [q for q in questions if q["kind"] == Question.Kind.LIKERT]
    scale_max = {q["pk"]: len(q["scale_labels"] or DEFAULT_SCALE) for q in need_questions}
    # The topic an answer counts for: its own (topic questions) or its need question's.
    topic_of: Any = Case(
        *(When(question_id=q["pk"], then=Value(q["topic_id"])) for q in need_questions),
        default=F("topic_id"),
        output_field=IntegerField(),
    )
    high = Q(pk__in=[])
    for q in need_questions:
        high |= Q(question_id=q["pk"], number__gte=scale_max[q["pk"]] - HIGH_POINTS + 1)
    in_school = Answer.objects.filter(response__in=responses)
    rows = (
        in_school.filter(Q(question_id__in=topic_questions, topic_id__isnull=False) | high)
        .annotate(t=topic_of)
        .order_by()
        .values("t")
        .annotate(
            people=Count("response_id", distinct=True),
            chosen=Count("response_id", distinct=True, filter=Q(question_id__in=topic_questions)),
            label=Max("topic_label"),
        )
    )
    means: dict[int, float] = {}
    if need_questions:
        means = {
            row["t"]: row["mean"]
            for row in in_school.filter(
                question_id__in=[q["pk"] for q in need_questions], number__isnull=False
            )
            .annotate(t=topic_of)
            .order_by()
            .values("t")
            .annotate(mean=Avg("number"))
        }
    topic_max: dict[int, int] = {}
    for q in need_questions:
        topic = q["topic_id"] or 0
        topic_max[topic] = max(topic_max.get(topic, 0), scale_max[q["pk"]])

    source = registry.topic_source()
    labels = (
        dict(source.topics(survey.organisation_id)) if source and survey.organisation_id else {}
    )
    needs = [
        TopicNeed(
            topic_id=row["t"],
            label=labels.get(row["t"]) or row["label"] or f"#{row['t']}",
            people=row["people"],
            chosen=row["chosen"],
            share=row["people"] / answers,
            mean=means.get(row["t"]),
            scale_max=topic_max.get(row["t"]),
        )
        for row in rows
        if row["t"] is not None
    ]
    needs.sort(key=lambda n: (-n.people, -(n.mean or 0), n.label))
    if source is not None and needs:
        offered = source.offers(school.pk, [n.topic_id for n in needs])
        for need in needs:
            need.offers = offered.get(need.topic_id, [])
    plan.needs = needs
    return plan
