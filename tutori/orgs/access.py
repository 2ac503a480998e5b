"""Who may see and do what: the only module that knows the role rules.

Roles are held in organisations (``Membership``). Coordinators and managers reach their
organisation and all its descendants; tutors, coaches and members reach the organisations
where they hold the role. Platform administrators (``is_superuser``) reach everything.

Lists are scoped with ``Model.objects.visible_to(user)``, which calls the ``scope_*``
functions here; single objects are checked with the ``rules`` predicates defined here and
registered as permissions in ``rules.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import rules
from django.db.models import Q, QuerySet

from tutori.orgs.models import Membership, Organisation, Role

if TYPE_CHECKING:
    from tutori.accounts.models import User

# Roles whose reach extends to every descendant organisation.
OVERSEEING_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})
# Roles that may see the people of an organisation.
PEOPLE_VIEWER_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})
# Roles that may add, change and end memberships and import rosters.
PEOPLE_MANAGER_ROLES = frozenset({Role.COORDINATOR})

_CACHE_ATTR = "_tutori_scope"


@dataclass(frozen=True)
class Scope:
    """The user's active memberships, read once per request."""

    is_admin: bool = False
    # organisation id -> (role, path) of the user's own active memberships
    direct: dict[int, tuple[str, str]] = field(default_factory=dict)

    def reach_q(self, roles: frozenset[str] | None = None) -> Q:
        """A filter on Organisation for the organisations reached with one of ``roles``."""
        ids = [oid for oid, (role, _p) in self.direct.items() if roles is None or role in roles]
        q = Q(pk__in=ids)
        for oid in ids:
            role, path = self.direct[oid]
            if role in OVERSEEING_ROLES:
                q |= Q(path__startswith=path)
        return q

    def role_in(self, organisation: Organisation) -> str | None:
        """The user's effective role in ``organisation``: their own, else an inherited one."""
        if organisation.pk in self.direct:
            return self.direct[organisation.pk][0]
        best: str | None = None
        for role, path in self.direct.values():
            if role in OVERSEEING_ROLES and organisation.path.startswith(path):
                # A coordinator's reach wins over a manager's when both apply.
                if best is None or role == Role.COORDINATOR:
                    best = role
        return best


def scope_for(user: Any) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    if user.is_superuser:
        scope = Scope(is_admin=True)
    else:
        rows = (
            Membership.objects.unscoped()
            .active()
            .filter(user=user, organisation__is_active=True)
            .values_list("organisation_id", "role", "organisation__path")
        )
        direct: dict[int, tuple[str, str]] = {}
        for org_id, role, path in rows:
            # One open membership per organisation is a database constraint.
            direct[org_id] = (role, path)
        scope = Scope(direct=direct)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget(user: Any) -> None:
    """Drop the cached scope after the user's own memberships changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


# --- Querysets ------------------------------------------------------------------------------


def orgs_where(user: Any, roles: frozenset[str] | None = None) -> QuerySet[Organisation]:
    """Organisations the user reaches with one of ``roles`` (any role when None)."""
    scope = scope_for(user)
    qs = Organisation.objects.unscoped()
    if scope.is_admin:
        return qs  # type: ignore[no-any-return]
    if not scope.direct:
        return qs.none()  # type: ignore[no-any-return]
    return qs.filter(scope.reach_q(roles))  # type: ignore[no-any-return]


def scope_organisations(qs: Any, user: Any) -> Any:
    scope = scope_for(user)
    if scope.is_admin:
        return qs
    if not scope.direct:
        return qs.none()
    return qs.filter(scope.reach_q())


def scope_memberships(qs: Any, user: Any) -> Any:
    """Memberships in organisations whose people the user may see, and their own."""
    scope = scope_for(user)
    if scope.is_admin:
        return qs
    if not user.is_authenticated:
        return qs.none()
    overseen = orgs_where(user, PEOPLE_VIEWER_ROLES)
    return qs.filter(Q(user=user) | Q(organisation__in=overseen))


def scope_people(qs: Any, user: Any) -> Any:
    """People with a membership the user may see, and the user themselves."""
    scope = scope_for(user)
    if scope.is_admin:
        return qs
    if not user.is_authenticated:
        return qs.none()
    overseen = orgs_where(user, PEOPLE_VIEWER_ROLES)
    member_ids = Membership.objects.unscoped().filter(organisation__in=overseen).values("user_id")
    return qs.filter(Q(pk=user.pk) | Q(pk__in=member_ids))


def scope_networks(qs: Any, user: Any) -> Any:
    """Networks that join at least one organisation the user reaches."""
    scope = scope_for(user)
    if scope.is_admin:
        return qs
    if not scope.direct:
        return qs.none()
    return qs.filter(
        pk__in=qs.model.organisations.through.objects.filter(
            organisation__in=orgs_where(user)
        ).values("network_id")
    )


def role_in(user: Any, organisation: Organisation) -> str | None:
    scope = scope_for(user)
    if scope.is_admin:
        return Role.COORDINATOR
    return scope.role_in(organisation)


def manageable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose people the user may add, change and import."""
    return orgs_where(user, PEOPLE_MANAGER_ROLES).filter(is_active=True)


def assignable_roles(user: Any) -> list[tuple[str, str]]:
    """Roles the user may give to others (a coordinator may give any organisation role)."""
    return list(Role.choices)


# --- Predicates (one object; registered as permissions in rules.py) -------------------------


@rules.predicate
def is_platform_admin(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def can_view_organisation(user: User, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return role_in(user, organisation) is not None


@rules.predicate
def can_view_people(user: User, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return role_in(user, organisation) in PEOPLE_VIEWER_ROLES


@rules.predicate
def can_manage_people(user: User, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return organisation.is_active and role_in(user, organisation) in PEOPLE_MANAGER_ROLES


@rules.predicate
def manages_any_people(user: User) -> bool:
    scope = scope_for(user)
    return scope.is_admin or any(r in PEOPLE_MANAGER_ROLES for r, _p in scope.direct.values())


@rules.predicate
def oversees_any(user: User) -> bool:
    scope = scope_for(user)
    return scope.is_admin or any(r in PEOPLE_VIEWER_ROLES for r, _p in scope.direct.values())


def roles_held(user: Any) -> set[str]:
    """The distinct roles the user holds anywhere (for the dashboard)."""
    return {role for role, _p in scope_for(user).direct.values()}
