"""Queryset scoping of tutoring objects, built on tutori.orgs.access.

The role rules themselves live in orgs.access; this module only says how each tutoring
model reaches an organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from tutori.orgs import access


def _scoped(qs: Any, user: Any, rule: Callable[[], Q]) -> Any:
    """Platform admins see every row, anonymous users none, everyone else what ``rule`` says
    (built only when needed: it reads the user's scope)."""
    if access.scope_for(user).is_admin:
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(rule())


def _offered_to(user: Any) -> Q:
    """Organisations whose offer the user sees: their own and those above, those they
    reach by role, and those sharing a network with them."""
    return (
        Q(organisation_id__in=access.upward_ids(user))
        | Q(organisation_id__in=access.org_ids_where(user))
        | Q(organisation_id__in=access.network_peer_ids(user))
    )


def _overseen(user: Any, field: str = "organisation_id") -> Q:
    return Q(**{f"{field}__in": access.org_ids_where(user, access.OVERSIGHT_ROLES)})


def scope_topics(qs: Any, user: Any) -> Any:
    """Topics offered where the user sees the offer."""
    return _scoped(qs, user, lambda: _offered_to(user))


def scope_profiles(qs: Any, user: Any) -> Any:
    """Tutor profiles are seen where the topics are seen, and always by their owner."""
    return _scoped(qs, user, lambda: Q(user=user) | _offered_to(user))


def scope_slots(qs: Any, user: Any) -> Any:
    """Slots the user may book (offered in their organisations or above), slots in the units
    they oversee, and their own slots as a tutor."""
    return _scoped(
        qs,
        user,
        lambda: Q(tutor=user) | Q(organisation_id__in=access.upward_ids(user)) | _overseen(user),
    )


def scope_bookable_slots(qs: Any, user: Any) -> Any:
    """Times the user may book: offered in their own organisations or any above them (a
    school's own times, the municipality's shared time). The same rule as can_book_in."""
    return _scoped(qs, user, lambda: Q(organisation_id__in=access.upward_ids(user)))


def scope_named_tutors(qs: Any, user: Any) -> Any:
    """The named tutors of the user's own organisations (and those above them); an admin,
    who belongs nowhere, has none."""
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(school_id__in=access.upward_ids(user))


def scope_bookings(qs: Any, user: Any) -> Any:
    """Own bookings, bookings of one's own slots, and bookings in overseen units."""
    return _scoped(
        qs,
        user,
        lambda: Q(person=user) | Q(slot__tutor=user) | _overseen(user, "slot__organisation_id"),
    )


def scope_sessions(qs: Any, user: Any) -> Any:
    """Logged tutoring: one's own, and that of overseen units."""
    return _scoped(qs, user, lambda: Q(tutor=user) | _overseen(user))
