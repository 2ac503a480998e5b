"""Reads of the coordinator's curation: curatable topics and each school's named tutor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from tutori.accounts.models import User
from tutori.orgs import access
from tutori.orgs.models import Membership, Organisation, OrganisationKind
from tutori.tutoring.models import NamedTutor, Topic

# Organisations that get a named tutor.
SCHOOL_KINDS = (OrganisationKind.SCHOOL, OrganisationKind.UNIT)


def curatable_organisations(*, user: Any) -> QuerySet[Organisation]:
    """Active organisations where the user curates (their own and every one below)."""
    return access.orgs_where(user, access.CURATOR_ROLES).filter(is_active=True).order_by("path")


def topic_list(*, user: Any, query: str = "") -> QuerySet[Topic]:
    """Topics the user may curate, active and deactivated, each with ``profile_count``: how
    many tutor profiles offer it (counted in the database)."""
    topics = (
        Topic.objects.visible_to(user)
        .filter(organisation__in=curatable_organisations(user=user))
        .select_related("organisation")
        .annotate(profile_count=Count("tutorprofile", distinct=True))
    )
    if query:
        topics = topics.filter(Q(name__icontains=query) | Q(description__icontains=query))
    return topics.order_by("name", "organisation__name", "pk")  # type: ignore[no-any-return]


def topic_get(*, user: Any, pk: int) -> Topic | None:
    """A topic the user sees (not necessarily one they may curate), or None."""
    return (  # type: ignore[no-any-return]
        Topic.objects.visible_to(user)
        .select_related("organisation")
        .annotate(profile_count=Count("tutorprofile", distinct=True))
        .filter(pk=pk)
        .first()
    )


# --- Named tutors ---------------------------------------------------------------------------


def _reach_ids(school: Organisation) -> set[int]:
    """The school and every organisation above it (its municipality)."""
    return {int(part) for part in school.path.split("/") if part}


def _eligible_memberships(organisation_ids: set[int]) -> QuerySet[Membership]:
    return (  # type: ignore[no-any-return]
        Membership.objects.unscoped()
        .active()
        .filter(
            organisation_id__in=organisation_ids,
            organisation__is_active=True,
            role__in=access.TUTOR_ROLES,
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


def named_tutor_rows(*, user: Any) -> list[NamedTutorRow]:
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
