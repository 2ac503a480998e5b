"""The evaluation index (part A): the programmes one manages or steers with their evaluation
(which surveys are linked, how many answered each so far, when the invitations went), the
surveys a coordinator may link to a programme, and the dashboard panel.

Counts of answers are counts of people who answered, never answers: a report is where
answers are read, each number suppressed below five."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tutori.access import engine
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.orgs.models import Organisation, path_ids
from tutori.programmes import permissions as programme_rules
from tutori.programmes.models import Programme
from tutori.surveys.models import Purpose, Response, Survey
from tutori.surveys.permissions import BUILDER_ROLES

# The dashboard panel lists a few programmes (the latest first) and links to the rest.
PANEL_SHOWN = 5

# The three surveys of an evaluation, in the order the pages show them.
KINDS = ("pre", "post", "feedback")


def _own_q(user: Any) -> Q:
    """The programmes ``user`` manages (a coordinator of the organiser or above) or steers."""
    return engine.ids_q(user, "organisation_id", programme_rules.ORGANISER_ROLES) | Q(
        pk__in=Programme.steering_group.through.objects.filter(user=user).values("programme_id")
    )


def evaluated_programmes(*, user: Any, query: str = "", status: str = "") -> QuerySet[Programme]:
    """The programmes ``user`` manages or steers (admins: all), the newest start first, with
    their evaluation and its surveys (one query; ``None`` evaluation = nothing linked)."""
    qs = Programme.objects.visible_to(user)
    if not engine.reach(user).is_admin:
        qs = qs.filter(_own_q(user))
    qs = qs.select_related(
        "organisation",
        "evaluation",
        "evaluation__pre_survey",
        "evaluation__post_survey",
        "evaluation__feedback_survey",
    ).order_by("-starts_on", "name", "pk")
    for term in query.split()[:5]:
        qs = qs.filter(Q(name__icontains=term) | Q(organisation__name__icontains=term))
    if status in Programme.Status.values:
        qs = qs.filter(status=status)
    return qs


def steers_any(user: Any) -> bool:
    """Whether ``user`` is in the steering group of some programme (one query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Programme.steering_group.through.objects.filter(user=user).exists()


def evaluation_of(programme: Programme) -> ProgrammeEvaluation | None:
    """The programme's evaluation when one was read with it (``select_related``)."""
    try:
        found: ProgrammeEvaluation = programme.evaluation  # type: ignore[attr-defined]
        return found
    except ProgrammeEvaluation.DoesNotExist:
        return None


def _surveys(evaluation: ProgrammeEvaluation | None) -> dict[str, Survey | None]:
    if evaluation is None:
        return dict.fromkeys(KINDS)
    return {
        "pre": evaluation.pre_survey,
        "post": evaluation.post_survey,
        "feedback": evaluation.feedback_survey,
    }


@scopes_disabled()
def answer_counts(survey_ids: Iterable[int]) -> dict[int, int]:
    """Submitted answers per survey (one GROUP BY query for a whole page)."""
    ids = sorted(set(survey_ids))
    if not ids:
        return {}
    rows = (
        Response.objects.filter(survey_id__in=ids, submitted=True)
        .values("survey_id")
        .annotate(n=Count("pk"))
        .values_list("survey_id", "n")
    )
    return dict(rows)


@dataclass(frozen=True)
class Linked:
    """One of the evaluation's surveys as the index and the link page show it."""

    kind: str  # "pre" | "post" | "feedback"
    survey: Survey | None
    answers: int
    sent_at: Any  # when the evaluation's invitation went (None: not yet)
    due_on: date | None  # when it will go (the programme's start or end)
    # "" (nothing linked), "sent" (the invitation went), "by_hand" (the survey was sent
    # otherwise), "closed", "due" (goes on due_on), "late" (its day is too long ago for the
    # job), "no_date" (the programme has no such date), "draft" (the programme is a draft)
    state: str = ""


def _state(
    programme: Programme, kind: str, survey: Survey | None, sent_at: Any, today: date
) -> str:
    from tutori.evaluation.services.invite import too_late

    if survey is None:
        return ""
    if sent_at is not None:
        return "sent"
    if survey.send_started_at is not None:
        return "by_hand"
    if survey.status == Survey.Status.CLOSED:
        return "closed"
    if programme.status in (Programme.Status.DRAFT, Programme.Status.CANCELLED):
        return "draft"
    due = programme.starts_on if kind == "pre" else programme.ends_on
    if due is None:
        return "no_date"
    return "late" if too_late(programme, kind, today) else "due"


@dataclass(frozen=True)
class Row:
    programme: Programme
    evaluation: ProgrammeEvaluation | None
    linked: list[Linked]
    can_link: bool

    @property
    def has_prepost(self) -> bool:
        return self.linked[0].survey is not None and self.linked[1].survey is not None

    @property
    def has_feedback(self) -> bool:
        return self.linked[2].survey is not None

    @property
    def any_linked(self) -> bool:
        return any(item.survey is not None for item in self.linked)


def linked_of(
    programme: Programme, evaluation: ProgrammeEvaluation | None, counts: dict[int, int]
) -> list[Linked]:
    surveys = _surveys(evaluation)
    due = {"pre": programme.starts_on, "post": programme.ends_on, "feedback": programme.ends_on}
    today = timezone.localdate()
    out = []
    for kind, survey in surveys.items():
        sent_at = getattr(evaluation, f"{kind}_sent_at", None) if evaluation else None
        out.append(
            Linked(
                kind=kind,
                survey=survey,
                answers=counts.get(survey.pk, 0) if survey is not None else 0,
                sent_at=sent_at,
                due_on=due[kind],
                state=_state(programme, kind, survey, sent_at, today),
            )
        )
    return out


def rows_of(*, user: Any, programmes: list[Programme]) -> list[Row]:
    """The index's rows of one page (one more query: the answers counted)."""
    evaluations = {p.pk: evaluation_of(p) for p in programmes}
    counts = answer_counts(
        s.pk for e in evaluations.values() for s in _surveys(e).values() if s is not None
    )
    return [
        Row(
            programme=p,
            evaluation=evaluations[p.pk],
            linked=linked_of(p, evaluations[p.pk], counts),
            can_link=bool(programme_rules.can_manage_programme(user, p)),
        )
        for p in programmes
    ]


def programme_for(*, user: Any, pk: int) -> Programme | None:
    """A programme ``user`` sees (for the link page: the rule is asked by the view)."""
    return (
        Programme.objects.visible_to(user)
        .select_related(
            "organisation",
            "evaluation",
            "evaluation__pre_survey",
            "evaluation__post_survey",
            "evaluation__feedback_survey",
        )
        .filter(pk=pk)
        .first()
    )


def linkable_surveys(*, user: Any, programme: Programme) -> list[Survey]:
    """The surveys ``user`` may link to ``programme``: surveys (not instruments) of the
    programme's organiser and of the organisations above it, in organisations where the user
    builds surveys (``surveys.edit``), newest first."""
    organiser: Organisation = programme.organisation
    qs = Survey.objects.visible_to(user).filter(
        is_instrument=False,
        organisation_id__in=path_ids(organiser.path),
        organisation__is_active=True,
    )
    if not engine.reach(user).is_admin:
        qs = qs.filter(engine.ids_q(user, "organisation_id", BUILDER_ROLES))
    return list(
        qs.select_related("organisation", "instrument").order_by("-created_at", "-pk")[:500]
    )


def is_feedback(survey: Survey) -> bool:
    return survey.purpose == Purpose.FEEDBACK


def panel_evaluations(*, user: Any) -> dict[str, Any] | None:
    """The dashboard panel of coordinators and steering group members: their programmes'
    evaluations, the latest first (one query, a few rows); None when they have none."""
    if not getattr(user, "is_authenticated", False):
        return None
    reach = engine.reach(user)
    if reach.is_admin:
        return None  # an admin reaches every programme: the index is theirs, not a panel
    qs = (
        Programme.objects.visible_to(user)
        .filter(_own_q(user), evaluation__isnull=False)
        .exclude(status=Programme.Status.CANCELLED)
        .select_related("evaluation")
        .order_by("-starts_on", "name", "pk")
    )
    programmes = list(qs[: PANEL_SHOWN + 1])
    if not programmes:
        return None
    today = timezone.localdate()
    rows = []
    for p in programmes[:PANEL_SHOWN]:
        e = evaluation_of(p)
        rows.append(
            {
                "programme": p,
                "has_prepost": bool(e and e.pre_survey_id and e.post_survey_id),
                "has_feedback": bool(e and e.feedback_survey_id),
                "running": bool(p.starts_on and p.starts_on <= today)
                and not (p.ends_on and p.ends_on < today),
            }
        )
    return {"rows": rows, "more": len(programmes) > PANEL_SHOWN}
