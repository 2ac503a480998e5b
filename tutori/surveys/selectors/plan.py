"""Reads of the school tutoring plan: from a needs survey, the topics a school's answers
need most, the tutors who offer them to the school and the topics nobody offers (the gap).

How need is counted (the plan page says the same in plain words):

- *Chose*: how many of the school's answers chose the topic in a topic question
  (``kind=topics``), and their share of the school's answers.
- *High need*: of the answers to the scale questions that measure the need of the topic
  (``measures_need`` with a ``topic_id``), how many are at one of the two highest points of
  the scale ("paljon", "erittäin paljon" on the five-point need scale), and their share;
  with the mean of those answers on the scale.
- A topic's *need* is the larger of the two shares; topics are ranked by it. A topic is
  *needed* when someone chose it or answered high; needed and offered to the school by no
  tutor, it is in the gap.
- Below five answers for the school nothing is shown (core.privacy).

Counted by the database in a constant number of queries (services.plan): a closed survey's
answers once for all its schools (stored), an open one's live for the one school.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from tutori.access import engine
from tutori.access.permissions import can_view_organisation
from tutori.core import registry
from tutori.core.privacy import is_small
from tutori.orgs.models import Organisation, OrganisationKind, Role
from tutori.surveys.models import PlanTally, Response, Survey
from tutori.surveys.permissions import sees_all_results, surely_visible
from tutori.surveys.selectors.results import kept_while_closed
from tutori.surveys.services import plan as plan_services
from tutori.surveys.services.plan import HIGH_POINTS, Tally

if TYPE_CHECKING:
    from tutori.accounts.models import User

__all__ = [
    "HIGH_POINTS",
    "SchoolPlan",
    "SchoolRow",
    "TopicNeed",
    "offers_stamp",
    "plan_schools",
    "school_plan",
]


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
    answers: int  # the school's answers
    chosen: int = 0  # answers choosing the topic in a topic question
    answered: int = 0  # answers to its need questions
    high: int = 0  # of them, at the two highest points of the scale
    points: int = 0
    scale_max: int | None = None
    offers: list[registry.TopicOffer] = field(default_factory=list)

    @property
    def chosen_percent(self) -> int:
        return round(100 * self.chosen / self.answers) if self.answers else 0

    @property
    def high_percent(self) -> int | None:
        return round(100 * self.high / self.answered) if self.answered else None

    @property
    def mean(self) -> float | None:
        return self.points / self.answered if self.answered else None

    @property
    def share(self) -> float:
        """The topic's need: the larger of the two shares, 0..1."""
        chose = self.chosen / self.answers if self.answers else 0.0
        return max(chose, self.high / self.answered if self.answered else 0.0)

    @property
    def percent(self) -> int:
        return round(100 * self.share)


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


def offers_stamp() -> int | None:
    """The topic source's stamp: changes whenever topic names or offers may have changed
    (0 without a topic source, as there is nothing to read; ``None`` from a source that
    can't tell)."""
    source = registry.topic_source()
    return source.stamp() if source is not None else 0


def plan_survey_get(*, user: User, pk: int) -> Survey | None:
    return Survey.objects.shown(
        user, pk, sees=surely_visible, related=("organisation",), is_instrument=False
    )


def _audience_schools(survey: Survey, user: User) -> Q:
    """The schools of the survey's audience (those of its own organisation when it names no
    audience), as a condition on Organisation; always inside the survey's organisation."""
    # A closed survey's audience no longer changes: read once and kept.
    audience = kept_while_closed(
        survey,
        user,
        "audience",
        (),
        lambda: list(survey.audience_organisations.values_list("pk", "path")),
    )
    descendants = survey.include_descendants
    if not audience and survey.organisation is not None:
        audience, descendants = [(survey.organisation.pk, survey.organisation.path)], True
    condition = Q(pk__in=[pk for pk, _path in audience])
    if descendants:
        for _pk, path in audience:
            condition |= Q(path__startswith=path)
    inside = survey.organisation.path if survey.organisation is not None else "/-/"
    return condition & Q(kind=OrganisationKind.SCHOOL, is_active=True, path__startswith=inside)


def _stored(
    user: User, survey: Survey, organisation_ids: list[int]
) -> dict[tuple[int, int], plan_services.Tally]:
    rows = PlanTally.objects.visible_to(user).filter(
        survey=survey, organisation_id__in=organisation_ids
    )
    return {
        (row.organisation_id, row.topic_id): plan_services.Tally(
            row.answers, row.chosen, row.answered, row.high, row.points
        )
        for row in rows
    }


def plan_schools(*, user: User, survey: Survey) -> list[SchoolRow]:
    """The schools of the survey's audience whose plan ``user`` may open (coordinators of the
    survey's organisation: all; a principal: the schools they manage), each with its
    submitted answers. Three queries (a closed survey's first view counts it once)."""
    schools = Organisation.objects.visible_to(user).filter(_audience_schools(survey, user))
    if not sees_all_results(user, survey):
        schools = schools.filter(engine.ids_q(user, "pk", frozenset({Role.MANAGER})))
    listed = list(schools.order_by("name"))
    if plan_services.plan_tallies_current(survey):
        stored = _stored(user, survey, [s.pk for s in listed])
        counts = {org: t.answers for (org, topic), t in stored.items() if topic == 0}
    else:
        counts = dict(
            Response.objects.visible_to(user)
            .filter(survey=survey, submitted=True)
            .order_by()
            .values_list("organisation_id")
            .annotate(n=Count("pk"))
            .values_list("organisation_id", "n")
        )
    return [SchoolRow(school=school, answers=counts.get(school.pk, 0)) for school in listed]


def plan_school_get(*, user: User, survey: Survey, pk: int) -> Organisation | None:
    """A school of the survey's audience that ``user`` sees (the permission is checked by
    the caller: surveys.permissions.can_see_school_plan)."""
    return Organisation.objects.shown(
        user, pk, sees=can_view_organisation, where=_audience_schools(survey, user)
    )


def school_plan(*, user: User, survey: Survey, school: Organisation) -> SchoolPlan:
    """The tutoring plan of ``school`` from ``survey`` (see the module's docstring for how
    need is counted). At most ten queries, whatever the number of answers."""

    def counted() -> tuple[list[plan_services.PlanQuestion], dict[tuple[int, int], Tally]]:
        questions = plan_services.plan_questions(survey)
        if plan_services.plan_tallies_current(survey):
            return questions, _stored(user, survey, [school.pk])
        responses = Response.objects.visible_to(user).filter(
            survey=survey, submitted=True, organisation=school
        )
        return questions, plan_services.plan_tallies(responses, questions)

    # A closed survey's counts no longer change (the tutors offering them are read live).
    questions, tallies = kept_while_closed(survey, user, "plan-needs", (school.pk,), counted)
    total = tallies.get((school.pk, plan_services.ALL_ANSWERS))
    answers = total.answers if total else 0
    plan = SchoolPlan(
        survey=survey, school=school, answers=answers, needs=[], has_need_questions=bool(questions)
    )
    if plan.suppressed or not questions:
        return plan
    scale_max: dict[int, int] = {}
    for q in questions:
        if q.topic_id is not None:
            scale_max[q.topic_id] = max(scale_max.get(q.topic_id, 0), q.scale_max)
    source = registry.topic_source()
    labels = (
        dict(source.topics(survey.organisation_id)) if source and survey.organisation_id else {}
    )
    needs = [
        TopicNeed(
            topic_id=topic,
            label=labels.get(topic) or f"#{topic}",
            answers=answers,
            chosen=t.chosen,
            answered=t.answered,
            high=t.high,
            points=t.points,
            scale_max=scale_max.get(topic),
        )
        for (org, topic), t in tallies.items()
        if org == school.pk and topic != plan_services.ALL_ANSWERS and (t.chosen or t.high)
    ]
    needs.sort(key=lambda n: (-n.share, -n.chosen, -(n.mean or 0), n.label))
    if source is not None and needs:
        offered = source.offers(school.pk, [n.topic_id for n in needs])
        for need in needs:
            need.offers = offered.get(need.topic_id, [])
    plan.needs = needs
    return plan
