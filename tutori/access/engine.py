"""The scope engine: which organisations the signed-in person reaches, with which roles.

For one person it reads their active memberships once per request (one query; a second,
indexed one only for coordinators and managers, whose reach extends to every descendant)
and answers from memory after that: the ids reached with a set of roles, the roles held in
one organisation, the organisations above their own. Selectors use the ids as plain
``IN (...)`` values (an OR of subqueries makes PostgreSQL scan whole tables: bench/).

It knows no capability: apps pass the role sets they care about, declared in their own
``permissions.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from tutori.core.scoping import REACH_ATTR, scopes_disabled
from tutori.orgs.models import OVERSEEING_ROLES, Membership, Organisation, Role

ALL_ROLES = frozenset(Role.values)


@dataclass
class Reach:
    """A person's reach, read once per request."""

    is_admin: bool = False
    is_authenticated: bool = False
    # organisation id -> (role, path) of the person's own active memberships
    direct: dict[int, tuple[str, str]] = field(default_factory=dict)
    # (id, path) of every organisation below an overseeing membership, read on first need
    _below: list[tuple[int, str]] | None = field(default=None, repr=False)
    _ids: dict[frozenset[str], list[int]] = field(default_factory=dict, repr=False)

    @property
    def holds_any_role(self) -> bool:
        return bool(self.direct)

    def holds(self, roles: frozenset[str]) -> bool:
        """Whether the person holds one of ``roles`` anywhere (admins: always)."""
        return self.is_admin or any(role in roles for role, _p in self.direct.values())

    def roles_held(self) -> set[str]:
        return {role for role, _p in self.direct.values()}

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

    def _descendants(self) -> list[tuple[int, str]]:
        if self._below is None:
            paths = {path for role, path in self.direct.values() if role in OVERSEEING_ROLES}
            if not paths:
                self._below = []
            else:
                q = Q()
                for path in paths:
                    q |= Q(path__startswith=path)
                with scopes_disabled():
                    self._below = list(
                        Organisation.objects.filter(q).values_list("id", "path").order_by()
                    )
        return self._below

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
                for oid, path in self._descendants():
                    if any(path.startswith(p) for p in overseeing):
                        reached.add(oid)
            self._ids[roles] = sorted(reached)
        return self._ids[roles]

    def upward_ids(self) -> set[int]:
        """The person's own organisations and every organisation above them."""
        return {
            int(part) for _r, path in self.direct.values() for part in path.split("/") if part
        }

    def within(self, organisation: Organisation, roles: frozenset[str]) -> bool:
        """Holds one of ``roles`` in ``organisation`` or in an organisation below it."""
        if self.is_admin or self.roles_in(organisation) & roles:
            return True
        return any(
            role in roles and path.startswith(organisation.path)
            for role, path in self.direct.values()
        )


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
        with scopes_disabled():
            rows = (
                Membership.objects.active()
                .filter(user=user, organisation__is_active=True)
                .values_list("organisation_id", "role", "organisation__path")
            )
            # One open membership per person and organisation is a database constraint.
            direct = {org_id: (role, path) for org_id, role, path in rows}
        result = Reach(is_authenticated=True, direct=direct)
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
