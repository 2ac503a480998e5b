"""Reads of named tutors (nimikkotutor): each school a coordinator curates, its named tutor
and those who may be chosen."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Membership, Organisation, OrganisationKind, path_ids
from tutori.tutoring import permissions
from tutori.tutoring.models import NamedTutor
from tutori.tutoring.selectors.vocabulary import curatable_organisations

# Organisations that get a named tutor.
SCHOOL_KINDS = (OrganisationKind.SCHOOL, OrganisationKind.UNIT)


def _reach_ids(school: Organisation) -> set[int]:
    """The school and every organisation above it (its municipality)."""
    return set(path_ids(school.path))


def _eligible_memberships(organisation_ids: set[int]) -> QuerySet[Membership]:
    # Who tutors in a school or its municipality is a fact the coordinator needs even where
    # they cannot see the people themselves (a tutor of the municipality above them).
    with scopes_disabled():
        qs = Membership.objects.active()
    return (  # type: ignore[no-any-return]
        qs.filter(
            organisation_id__in=organisation_ids,
            organisation__is_active=True,
            role__in=permissions.TUTOR_ROLES,
            user__is_active=True,
        )
    )


def named_tutor_is_eligible(*, school: Organisation, tutor: User) -> bool:
    """A named tutor is a tutor or coordinator in the school or in the municipality above it."""
    return bool(_eligible_memberships(_reach_ids(school)).filter(user=tutor).exists())


@dataclass
class NamedTutorRow:
    """One school on the named-tutor page."""

    school: Organisation
    current: NamedTutor | None
    candidates: list[User] = field(default_factory=list)

    @property
    def current_is_eligible(self) -> bool:
        return self.current is not None and any(
            c.pk == self.current.tutor_id for c in self.candidates
        )


def named_tutor_rows(*, user: User) -> list[NamedTutorRow]:
    """The schools where the user curates, with the current named tutor and those who may be
    chosen, in a constant number of queries however many schools."""
    schools = list(
        curatable_organisations(user=user)
        .filter(kind__in=SCHOOL_KINDS)
        .select_related("parent", "named_tutor__tutor", "named_tutor__set_by")
        .order_by("parent__name", "name", "pk")
    )
    reach = {school.pk: _reach_ids(school) for school in schools}
    all_ids = set().union(*reach.values()) if reach else set()
    by_organisation: dict[int, list[User]] = {}
    for membership in _eligible_memberships(all_ids).select_related("user"):
        by_organisation.setdefault(membership.organisation_id, []).append(membership.user)
    rows = []
    for school in schools:
        people = {u.pk: u for oid in reach[school.pk] for u in by_organisation.get(oid, [])}
        candidates = sorted(people.values(), key=lambda u: (u.display_name.casefold(), u.pk))
        rows.append(
            NamedTutorRow(
                school=school,
                current=getattr(school, "named_tutor", None),
                candidates=candidates,
            )
        )
    return rows


def named_tutor_of(*, user: User, school_pk: int) -> NamedTutor | None:
    """The named tutor of a school where the user curates (to remove it), or None."""
    schools = curatable_organisations(user=user).filter(kind__in=SCHOOL_KINDS)
    return (  # type: ignore[no-any-return]
        NamedTutor.objects.visible_to(user)
        .filter(school_id=school_pk, school__in=schools)
        .select_related("school__parent", "tutor")
        .first()
    )
