"""Reads of school breaks: an organisation's own, those it inherits from above, one break to
change, and the public holidays shown beside them."""

from __future__ import annotations

from datetime import date

from tutori.accounts.models import User
from tutori.orgs.models import Organisation
from tutori.tutoring.days_off import public_holidays
from tutori.tutoring.models import SchoolBreak


def breaks_of(*, user: User, organisation: Organisation) -> list[SchoolBreak]:
    """The breaks set for ``organisation`` itself, in date order."""
    return list(
        SchoolBreak.objects.visible_to(user)
        .filter(organisation=organisation)
        .order_by("starts_on", "pk")
    )


def inherited_breaks(*, user: User, organisation: Organisation) -> list[SchoolBreak]:
    """The breaks of the organisations above ``organisation``, which apply to it too."""
    above = organisation.ancestor_ids()
    if not above:
        return []
    return list(
        SchoolBreak.objects.visible_to(user)
        .filter(organisation_id__in=above)
        .select_related("organisation")
        .order_by("starts_on", "pk")
    )


def school_break_get(*, user: User, pk: int) -> SchoolBreak | None:
    """A break the user sees (not necessarily one they may change), or None."""
    return (  # type: ignore[no-any-return]
        SchoolBreak.objects.visible_to(user).select_related("organisation").filter(pk=pk).first()
    )


def holidays_between(first: date, until: date) -> list[tuple[date, str]]:
    """Finland's public holidays from ``first`` to ``until`` in the active language."""
    return list(public_holidays(first, until).items())
