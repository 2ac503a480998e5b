"""The scope engine: which organisations the signed-in person reaches, with which roles.

For one person it reads, once per request and in one query, their active memberships and,
for coordinators and managers, every organisation below them; it answers from memory after
that: the ids reached with a set of roles, the roles held in
one organisation, the organisations above their own. Selectors use the ids as plain
``IN (...)`` values (an OR of subqueries makes PostgreSQL scan whole tables: bench/).

It knows no capability: apps pass the role sets they care about, declared in their own
``permissions.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from tutori.core.scoping import REACH_ATTR
from tutori.orgs.models import OVERSEEING_ROLES, Membership, Organisation, Role, path_ids

ALL_ROLES = frozenset(Role.values)


@dataclass
class Reach:
    """A person's reach, read once per request."""

    is_admin: bool = False
    is_authenticated: bool = False
    # organisation id -> (role, path) of the person's own active memberships
    direct: dict[int, tuple[str, str]] = field(default_factory=dict)
    # (id, path) of every organisation below an overseeing membership (same query)
    below: list[tuple[int, str]] = field(default_factory=list, repr=False)
    _ids: dict[frozenset[str], list[int]] = field(default_factory=dict, repr=False)

    def holds(self, roles: frozenset[str]) -> bool:
        """Whether the person holds one of ``roles`` anywhere (admins: always)."""
        return self.is_admin or any(role in roles for role, _p in self.direct.values())

    def held_ids(self, roles: frozenset[str]) -> list[int]:
        """Ids of the organisations where the person holds one of ``roles`` themselves
        (not those reached below them)."""
        return sorted(oid for oid, (role, _p) in self.direct.items() if role in roles)

    def roles_in(self, organisation: Organisation) -> set[str]:
        """Roles in ``organisation``: held there, or reaching down from above. Admins hold
        every role everywhere."""
        if self.is_admin:
            return set(ALL_ROLES)
        roles: set[str] = set()
        if organisation.pk in self.direct:
            roles.add(self.direct[organisation.pk][0])
        for role, path in self.direct.values():
            if role in OVERSEEING_ROLES and organisation.path.startswith(path):
                roles.add(role)
        return roles

    def ids(self, roles: frozenset[str] = ALL_ROLES) -> list[int]:
        """Ids of the organisations reached with one of ``roles`` (not for admins, who
        reach everything: callers check ``is_admin`` first)."""
        if roles not in self._ids:
            reached = {oid for oid, (role, _p) in self.direct.items() if role in roles}
            overseeing = [
                path
                for role, path in self.direct.values()
                if role in roles and role in OVERSEEING_ROLES
            ]
            if overseeing:
                for oid, path in self.below:
                    if any(path.startswith(p) for p in overseeing):
                        reached.add(oid)
            self._ids[roles] = sorted(reached)
        return self._ids[roles]

    def upward_ids(self) -> set[int]:
        """The person's own organisations and every organisation above them."""
        return {org_id for _r, path in self.direct.values() for org_id in path_ids(path)}

    def within(self, organisation: Organisation, roles: frozenset[str]) -> bool:
        """Holds one of ``roles`` in ``organisation`` or in an organisation below it."""
        if self.is_admin or self.roles_in(organisation) & roles:
            return True
        return any(
            role in roles and path.startswith(organisation.path)
            for role, path in self.direct.values()
        )


def _read(user_id: int, on: date) -> Reach:
    """The person's active memberships and, for overseeing roles, every organisation below
    them: one query (a self-join on the materialised path)."""
    membership = Membership._meta.db_table
    organisation = Organisation._meta.db_table
    overseeing = sorted(OVERSEEING_ROLES)
    sql = f"""
        SELECT m.organisation_id, m.role, a.path, o.id, o.path
        FROM {membership} m
        JOIN {organisation} a ON a.id = m.organisation_id
        LEFT JOIN {organisation} o
          ON m.role IN (%s, %s) AND o.path LIKE a.path || '%%' AND o.id <> a.id
        WHERE m.user_id = %s AND a.is_active AND m.active_from <= %s
          AND (m.active_to IS NULL OR m.active_to > %s)
    """  # noqa: S608 (table names come from the models, values are parameters)
    direct: dict[int, tuple[str, str]] = {}
    below: dict[int, str] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*overseeing, user_id, on, on])
        for org_id, role, path, below_id, below_path in cursor.fetchall():
            # One open membership per person and organisation is a database constraint.
            direct[org_id] = (role, path)
            if below_id is not None:
                below[below_id] = below_path
    return Reach(is_authenticated=True, direct=direct, below=list(below.items()))


def reach(user: Any) -> Reach:
    """The person's reach, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Reach()
    cached = user.__dict__.get(REACH_ATTR)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    if user.is_superuser:
        result = Reach(is_admin=True, is_authenticated=True)
    else:
        result = _read(user.pk, timezone.localdate())
    user.__dict__[REACH_ATTR] = result
    return result


def ids_q(user: Any, field: str, roles: frozenset[str] = ALL_ROLES) -> Q:
    """``field__in`` the organisations ``user`` reaches with ``roles``."""
    return Q(**{f"{field}__in": reach(user).ids(roles)})


def network_peer_ids(user: Any) -> Any:
    """Ids of organisations sharing a network with the person's organisations (or above),
    as a subquery."""
    through = Organisation.networks.through.objects
    networks = through.filter(organisation_id__in=reach(user).upward_ids()).values("network_id")
    return through.filter(network_id__in=networks).values("organisation_id")


def scoped(qs: Any, user: Any, rule: Any) -> Any:
    """The common shape of a visibility rule: admins see every row, anonymous visitors and
    people without any role none (unless ``rule`` is about their own rows), everyone else
    what ``rule()`` says (built only when needed)."""
    r = reach(user)
    if r.is_admin:
        return qs
    if not r.is_authenticated:
        return qs.none()
    return qs.filter(rule())
