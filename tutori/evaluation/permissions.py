"""Who may read evaluation reports and link a programme's surveys (``evaluation.*``), and the
visibility of ``ProgrammeEvaluation``, on the scope engine.

- A programme's evaluation (linking its pre, post and feedback surveys) is set by those who
  manage the programme: coordinators of its organiser (``programmes.manage``).
- A programme's reports (pre/post, feedback, attrition, the funder report) are read by those
  who manage it and by its steering group: counts only, every one suppressed below five.
- Tutoring impact is read by those who oversee tutoring (``tutoring.oversee_any``): the
  coordinators and managers of the schools and municipalities, each for the units they reach.
- Nobody reads a person's answers here: a report never names anyone.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from tutori.access import engine
from tutori.core.scoping import visibility
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.orgs.models import Role
from tutori.programmes import permissions as programme_rules
from tutori.programmes.models import Programme
from tutori.tutoring import permissions as tutoring_rules

READER_ROLES = frozenset({Role.COORDINATOR})


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def evaluates_anywhere(user: Any) -> bool:
    """The evaluation pages of the menu: a coordinator anywhere (asked on every page: no
    query). A steering group member reaches their programme's reports from the dashboard."""
    if not _signed_in(user):
        return False
    return engine.reach(user).holds(READER_ROLES)


@rules.predicate
def can_link_surveys(user: Any, programme: Programme | None) -> bool:
    """Choose the programme's pre, post and feedback surveys: who manages the programme."""
    return bool(programme_rules.can_manage_programme(user, programme))


@rules.predicate
def can_read_programme_reports(user: Any, programme: Programme | None) -> bool:
    """A programme's evaluation reports: who manages it, and its steering group."""
    if programme is None or not _signed_in(user):
        return False
    return bool(programme_rules.can_manage_programme(user, programme)) or (
        programme_rules._in_steering_group(user, programme)
    )


@rules.predicate
def reads_tutoring_impact(user: Any) -> bool:
    return bool(tutoring_rules.oversees_anywhere(user))


rules.add_perm("evaluation.any", evaluates_anywhere)
rules.add_perm("evaluation.link", can_link_surveys)
rules.add_perm("evaluation.read", can_read_programme_reports)
rules.add_perm("evaluation.tutoring_impact", reads_tutoring_impact)
# The funder report in the menu (no query): a coordinator anywhere (a programme's report) or
# who oversees tutoring (an area's). A steering group member reaches a programme's report
# from the evaluation panel; the page itself checks each choice.
rules.add_perm("evaluation.funder", evaluates_anywhere | reads_tutoring_impact)


@visibility(ProgrammeEvaluation)
def evaluations_visible(qs: Any, user: Any) -> Any:
    """The evaluations of the programmes one manages (coordinators of the organiser and
    above) or steers."""
    return engine.scoped(
        qs,
        user,
        lambda: Q(
            programme__in=Programme.objects.visible_to(user).filter(
                engine.ids_q(user, "organisation_id", programme_rules.ORGANISER_ROLES)
                | Q(
                    pk__in=Programme.steering_group.through.objects.filter(user=user).values(
                        "programme_id"
                    )
                )
            )
        ),
    )
