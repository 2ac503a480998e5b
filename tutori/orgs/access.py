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
# Strongest first: the role shown when a person holds several in one organisation.
ROLE_RANK = [Role.COORDINATOR, Role.MANAGER, Role.COACH, Role.TUTOR, Role.MEMBER]

_CACHE_ATTR = "_tutori_scope"


@dataclass(frozen=True)
class Scope:
    """The user's active memberships, read once per request."""

    is_admin: bool = False
    # organisation id -> (role, path) of the user's own active memberships
    direct: dict[int, tuple[str, str]] = field(default_factory=dict)
    # ids of orgs_where() per role set, read at most once per request
    reach_ids: dict[frozenset[str] | None, list[int]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def reach_q(self, roles: frozenset[str] | None = None) -> Q:
        """A filter on Organisation for the organisations reached with one of ``roles``."""
        ids = [oid for oid, (role, _p) in self.direct.items() if roles is None or role in roles]
        q = Q(pk__in=ids)
        for oid in ids:
            role, path = self.direct[oid]
            if role in OVERSEEING_ROLES:
                q |= Q(path__startswith=path)
        return q

    def roles_in(self, organisation: Organisation) -> set[str]:
        """The user's roles in ``organisation``: their own and those reaching down from above."""
        roles: set[str] = set()
        if organisation.pk in self.direct:
            roles.add(self.direct[organisation.pk][0])
        for role, path in self.direct.values():
            if role in OVERSEEING_ROLES and organisation.path.startswith(path):
                roles.add(role)
        return roles

    def ancestor_ids(self) -> set[int]:
        """Ids of the user's organisations and of every organisation above them."""
        return {int(part) for _r, path in self.direct.values() for part in path.split("/") if part}


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
        # One open membership per person and organisation is a database constraint.
        scope = Scope(direct={org_id: (role, path) for org_id, role, path in rows})
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


def org_ids_where(user: Any, roles: frozenset[str] | None = None) -> list[int]:
    """The ids of ``orgs_where``, read once per request (not for admins, who reach all).

    Scoped queries filter on this list rather than on a subquery: inside an OR (own rows or
    overseen organisations' rows) PostgreSQL cannot use an index for a subquery and scans
    the whole table (bench/: the hours report went from 3 ms of SQL to 70 ms).
    """
    scope = scope_for(user)
    if roles not in scope.reach_ids:
        scope.reach_ids[roles] = list(orgs_where(user, roles).values_list("id", flat=True))
    return scope.reach_ids[roles]


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
    """Networks that join an organisation the user reaches, or one above their own."""
    scope = scope_for(user)
    if scope.is_admin:
        return qs
    if not scope.direct:
        return qs.none()
    through = qs.model.organisations.through.objects
    joined = through.filter(
        Q(organisation__in=orgs_where(user)) | Q(organisation_id__in=scope.ancestor_ids())
    )
    return qs.filter(pk__in=joined.values("network_id"))


def roles_in(user: Any, organisation: Organisation) -> set[str]:
    scope = scope_for(user)
    if scope.is_admin:
        return set(Role.values)
    return scope.roles_in(organisation)


def role_in(user: Any, organisation: Organisation) -> str | None:
    """The strongest role the user holds in ``organisation``, or None."""
    roles = roles_in(user, organisation)
    return next((role for role in ROLE_RANK if role in roles), None)


def manageable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose people the user may add, change and import."""
    return orgs_where(user, PEOPLE_MANAGER_ROLES).filter(is_active=True)


def roles_held(user: Any) -> set[str]:
    """The distinct roles the user holds anywhere (for the dashboard)."""
    return {role for role, _p in scope_for(user).direct.values()}


# --- Predicates (one object; registered as permissions in rules.py) -------------------------


@rules.predicate
def is_platform_admin(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def can_view_organisation(user: User, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return bool(roles_in(user, organisation))


@rules.predicate
def can_view_people(user: User, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return bool(roles_in(user, organisation) & PEOPLE_VIEWER_ROLES)


@rules.predicate
def can_manage_people(user: User, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return organisation.is_active and bool(roles_in(user, organisation) & PEOPLE_MANAGER_ROLES)


@rules.predicate
def manages_any_people(user: User) -> bool:
    scope = scope_for(user)
    return scope.is_admin or any(r in PEOPLE_MANAGER_ROLES for r, _p in scope.direct.values())


@rules.predicate
def oversees_any(user: User) -> bool:
    scope = scope_for(user)
    return scope.is_admin or any(r in PEOPLE_VIEWER_ROLES for r, _p in scope.direct.values())


# --- Reach used by the apps built on organisations ------------------------------------------
# Booking and the topic catalogue look *up* the tree: a teacher of a school may book the
# school's own tutor time and the shared time of its municipality, and sees the topics offered
# in the organisations above them and in the networks those belong to.

# Roles that may publish availability and log tutoring.
TUTOR_ROLES = frozenset({Role.TUTOR, Role.COORDINATOR})
# Roles that curate the topic vocabulary, set named tutors and manage substitute budgets.
CURATOR_ROLES = frozenset({Role.COORDINATOR})
# Roles that see a unit's bookings, delivered hours and budget and approve substitute spend.
OVERSIGHT_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})


def upward_ids(user: Any) -> set[int]:
    """The user's own organisations and every organisation above them."""
    scope = scope_for(user)
    return scope.ancestor_ids()


def network_peer_ids(user: Any) -> QuerySet[Any]:
    """Ids of organisations that share a network with the user's organisations (or above)."""
    through = Organisation.networks.through.objects
    networks = through.filter(organisation_id__in=upward_ids(user)).values("network_id")
    return through.filter(network_id__in=networks).values("organisation_id")  # type: ignore[no-any-return]


def can_book_in(user: Any, organisation: Organisation) -> bool:
    """A person may book time offered in their organisation or any organisation above it."""
    scope = scope_for(user)
    return scope.is_admin or organisation.pk in scope.ancestor_ids()


@rules.predicate
def can_tutor_in(user: User, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return organisation.is_active and bool(roles_in(user, organisation) & TUTOR_ROLES)


@rules.predicate
def tutors_anywhere(user: User) -> bool:
    scope = scope_for(user)
    return scope.is_admin or any(r in TUTOR_ROLES for r, _p in scope.direct.values())


@rules.predicate
def can_curate_in(user: User, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return organisation.is_active and bool(roles_in(user, organisation) & CURATOR_ROLES)


@rules.predicate
def can_oversee(user: User, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return bool(roles_in(user, organisation) & OVERSIGHT_ROLES)


@rules.predicate
def curates_anywhere(user: User) -> bool:
    scope = scope_for(user)
    return scope.is_admin or any(r in CURATOR_ROLES for r, _p in scope.direct.values())


@rules.predicate
def oversees_anywhere(user: User) -> bool:
    scope = scope_for(user)
    return scope.is_admin or any(r in OVERSIGHT_ROLES for r, _p in scope.direct.values())


def is_tutor_within(user: Any, organisation: Organisation) -> bool:
    """A tutor in ``organisation`` or in any organisation below it (e.g. a school's tutor
    giving the municipality's shared tutor time)."""
    scope = scope_for(user)
    if can_tutor_in(user, organisation):
        return True
    return any(
        role in TUTOR_ROLES and path.startswith(organisation.path)
        for role, path in scope.direct.values()
    )
