"""Reads of the tutor profile: a tutor's own profile in an organisation and the schools they
may say they serve."""

from __future__ import annotations

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Organisation, OrganisationKind, path_ids
from tutori.tutoring.models import TutorProfile


def schools_near(*, organisation: Organisation) -> list[Organisation]:
    """Schools and units of the municipality (the top of the tree) ``organisation`` is in."""
    root = f"/{path_ids(organisation.path)[0]}/"
    # The names of the municipality's schools are public to its tutors, who choose among
    # them the schools they serve; they do not reach those schools otherwise.
    with scopes_disabled():
        schools = Organisation.objects.all()
    return list(
        schools.filter(
            path__startswith=root,
            is_active=True,
            kind__in=[OrganisationKind.SCHOOL, OrganisationKind.UNIT, OrganisationKind.WORKSHOP],
        ).order_by("name")
    )


def profile_of(*, user: User, organisation: Organisation) -> TutorProfile | None:
    return (  # type: ignore[no-any-return]
        TutorProfile.objects.visible_to(user)
        .filter(user=user, organisation=organisation)
        .prefetch_related("topics", "schools")
        .first()
    )
