"""Queryset scoping of tutoring objects, built on tutori.orgs.access.

The role rules themselves live in orgs.access; this module only says how each tutoring
model reaches an organisation.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tutori.orgs import access


def scope_topics(qs: Any, user: Any) -> Any:
    """Topics of the user's organisations, those above them, those they oversee, and of
    organisations in the same networks."""
    scope = access.scope_for(user)
    if scope.is_admin:
        return qs
    if not scope.direct:
        return qs.none()
    return qs.filter(
        Q(organisation_id__in=access.upward_ids(user))
        | Q(organisation_id__in=access.org_ids_where(user))
        | Q(organisation_id__in=access.network_peer_ids(user))
    )


def scope_profiles(qs: Any, user: Any) -> Any:
    """Tutor profiles are seen where the topics are seen, and always by their owner."""
    scope = access.scope_for(user)
    if scope.is_admin:
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(
        Q(user=user)
        | Q(organisation_id__in=access.upward_ids(user))
        | Q(organisation_id__in=access.org_ids_where(user))
        | Q(organisation_id__in=access.network_peer_ids(user))
    )


def scope_slots(qs: Any, user: Any) -> Any:
    """Slots the user may book (offered in their organisations or above), slots in the units
    they oversee, and their own slots as a tutor."""
    scope = access.scope_for(user)
    if scope.is_admin:
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(
        Q(tutor=user)
        | Q(organisation_id__in=access.upward_ids(user))
        | Q(organisation_id__in=access.org_ids_where(user, access.OVERSIGHT_ROLES))
    )


def scope_bookable_slots(qs: Any, user: Any) -> Any:
    """Times the user may book: offered in their own organisations or any above them (a
    school's own times, the municipality's shared time). The same rule as can_book_in."""
    if access.scope_for(user).is_admin:
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(organisation_id__in=access.upward_ids(user))


def scope_named_tutors(qs: Any, user: Any) -> Any:
    """The named tutors of the user's own organisations (and those above them)."""
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(school_id__in=access.upward_ids(user))


def scope_bookings(qs: Any, user: Any) -> Any:
    """Own bookings, bookings of one's own slots, and bookings in overseen units."""
    scope = access.scope_for(user)
    if scope.is_admin:
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(
        Q(person=user)
        | Q(slot__tutor=user)
        | Q(slot__organisation_id__in=access.org_ids_where(user, access.OVERSIGHT_ROLES))
    )


def scope_sessions(qs: Any, user: Any) -> Any:
    """Logged tutoring: one's own, and that of overseen units."""
    scope = access.scope_for(user)
    if scope.is_admin:
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(
        Q(tutor=user) | Q(organisation_id__in=access.org_ids_where(user, access.OVERSIGHT_ROLES))
    )
