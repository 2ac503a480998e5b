"""Who may do what with surveys: role sets, object rules (``surveys.*`` permissions) and the
visibility of every survey model, on the scope engine.

- Coordinators build and send surveys in the organisations they reach (theirs and below),
  and use the instruments built into the platform, of their organisations and of those above.
- Coordinators of the survey's organisation see all its results; a manager (or a
  coordinator) of a unit sees the answers given in the units they oversee — a principal of
  school A never sees school B's answers.
- A person sees the surveys sent to them and their own identified answers.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from tutori.access import engine
from tutori.core.scoping import visibility
from tutori.orgs.models import Organisation, Role
from tutori.surveys.models import PlanTally, Recipient, Response, Survey

BUILDER_ROLES = frozenset({Role.COORDINATOR})
RESULT_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})


def _has(user: Any, organisation: Organisation | None, roles: frozenset[str]) -> bool:
    return organisation is not None and bool(engine.reach(user).roles_in(organisation) & roles)


@rules.predicate
def builds_anywhere(user: Any) -> bool:
    return engine.reach(user).holds(BUILDER_ROLES)


@rules.predicate
def sees_results_anywhere(user: Any) -> bool:
    return engine.reach(user).holds(RESULT_ROLES)


@rules.predicate
def can_build_in(user: Any, organisation: Organisation | None) -> bool:
    return _has(user, organisation, BUILDER_ROLES) and bool(organisation and organisation.is_active)


@rules.predicate
def can_edit_survey(user: Any, survey: Survey | None) -> bool:
    """Build, send, remind and close: a coordinator of the survey's organisation. A built-in
    instrument is edited by nobody (it is copied)."""
    if survey is None or survey.organisation_id is None:
        return False
    return can_build_in(user, survey.organisation)


@rules.predicate
def can_see_results(user: Any, survey: Survey | None) -> bool:
    """Results of a survey (narrowed to the answers the person may see, see responses_visible):
    a coordinator or manager reaching the survey's organisation, or reaching a unit below it."""
    if survey is None or survey.organisation is None or survey.is_instrument:
        return False
    r = engine.reach(user)
    if r.is_admin or _has(user, survey.organisation, RESULT_ROLES):
        return True
    path = survey.organisation.path
    return any(
        role in RESULT_ROLES and own_path.startswith(path) for role, own_path in r.direct.values()
    )


def surely_visible(user: Any, survey: Survey) -> bool:
    """A check in memory that implies ``surveys_visible`` (tests hold the two together): an
    admin; a coordinator or manager reaching the survey's organisation; one holding such a
    role below it, for a survey that is not a draft. For pages about one survey
    (``Survey.objects.shown``); everyone else goes through the rule's query."""
    r = engine.reach(user)
    if r.is_admin or _has(user, survey.organisation, RESULT_ROLES):
        return True
    return (
        not survey.is_instrument
        and survey.status != Survey.Status.DRAFT
        and survey.organisation_id in r.upward_ids()
        and r.holds(RESULT_ROLES)
    )


@rules.predicate
def sees_all_results(user: Any, survey: Survey | None) -> bool:
    """Every answer of the survey (not only those of one's own units)."""
    return (
        survey is not None
        and survey.organisation_id is not None
        and (engine.reach(user).is_admin or _has(user, survey.organisation, BUILDER_ROLES))
    )


def can_see_school_plan(user: Any, survey: Survey | None, school: Organisation | None) -> bool:
    """A school's tutoring plan from a survey: coordinators of the survey's organisation (and
    admins) for every school, a manager (principal) for the school they manage (or a unit
    above it manages) inside the survey's organisation — never another school's plan."""
    if survey is None or school is None or survey.is_instrument or survey.organisation is None:
        return False
    if not school.path.startswith(survey.organisation.path):
        return False
    return bool(sees_all_results(user, survey)) or Role.MANAGER in engine.reach(user).roles_in(
        school
    )


rules.add_perm("surveys.build_any", builds_anywhere)
rules.add_perm("surveys.results_any", sees_results_anywhere)
rules.add_perm("surveys.build_in", can_build_in)
rules.add_perm("surveys.edit", can_edit_survey)
rules.add_perm("surveys.results", can_see_results)
rules.add_perm("surveys.all_results", sees_all_results)


# --- Visibility -----------------------------------------------------------------------------


@visibility(Survey)
def surveys_visible(qs: Any, user: Any) -> Any:
    """Surveys and instruments of the organisations a coordinator or manager reaches; surveys
    (not drafts) of the organisations above them (they reach units below); instruments built
    into the platform and those of the organisations above (shared down the tree)."""

    def rule() -> Q:
        r = engine.reach(user)
        above = r.upward_ids()
        return (
            engine.ids_q(user, "organisation_id", RESULT_ROLES)
            | Q(is_instrument=True, organisation__isnull=True)
            | Q(is_instrument=True, organisation_id__in=above)
            | (
                Q(organisation_id__in=above, is_instrument=False) & ~Q(status=Survey.Status.DRAFT)
                if r.holds(RESULT_ROLES)
                else Q(pk__in=[])
            )
        )

    return engine.scoped(qs, user, rule)


@visibility(Survey, "surveys.answer")
def surveys_to_answer(qs: Any, user: Any) -> Any:
    """The open surveys sent to the person (for their "Kyselyt" page)."""
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(
        status=Survey.Status.OPEN,
        recipients__person=user,
    ).distinct()


@visibility(Recipient)
def recipients_visible(qs: Any, user: Any) -> Any:
    """Recipients of the surveys a coordinator builds; the person's own rows."""
    return engine.scoped(
        qs,
        user,
        lambda: Q(person=user) | engine.ids_q(user, "survey__organisation_id", BUILDER_ROLES),
    )


@visibility(Recipient, "surveys.rate")
def recipients_counted(qs: Any, user: Any) -> Any:
    """Recipients counted in a survey's response rate: all of a survey one builds; those of
    the units one oversees (coordinator or manager). Counts of people, never answers."""
    return engine.scoped(
        qs,
        user,
        lambda: (
            engine.ids_q(user, "survey__organisation_id", BUILDER_ROLES)
            | engine.ids_q(user, "organisation_id", RESULT_ROLES)
        ),
    )


@visibility(Response)
def responses_visible(qs: Any, user: Any) -> Any:
    """All answers of the surveys of the organisations where one builds surveys; the answers
    given in the units one oversees (coordinator or manager); one's own identified answers."""
    return engine.scoped(
        qs,
        user,
        lambda: (
            Q(person=user)
            | engine.ids_q(user, "survey__organisation_id", BUILDER_ROLES)
            | engine.ids_q(user, "organisation_id", RESULT_ROLES)
        ),
    )


@visibility(PlanTally)
def plan_tallies_visible(qs: Any, user: Any) -> Any:
    """A closed survey's counted answers, as its answers are seen (responses_visible): all of
    the surveys of the organisations where one builds surveys, those of the units one
    oversees."""
    return engine.scoped(
        qs,
        user,
        lambda: (
            engine.ids_q(user, "survey__organisation_id", BUILDER_ROLES)
            | engine.ids_q(user, "organisation_id", RESULT_ROLES)
        ),
    )
