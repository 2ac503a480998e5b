"""The base rules every capability builds on: who sees which organisations, networks,
memberships and people, and who may manage people. Registered as ``rules`` permissions
(``orgs.*``) and as visibility rules of the orgs and accounts models, so that the orgs app
asks by name and never imports this module."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from tutori.access import engine
from tutori.accounts.models import User
from tutori.core.scoping import visibility
from tutori.orgs.models import Invitation, Membership, Network, Organisation, Role, RosterImport

# Roles that may see the people of an organisation (and of those below it).
PEOPLE_VIEWER_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})
# Roles that may add, change and end memberships, invite and import rosters.
PEOPLE_MANAGER_ROLES = frozenset({Role.COORDINATOR})


# --- Predicates (one object) ----------------------------------------------------------------


@rules.predicate
def is_platform_admin(user: Any) -> bool:
    return engine.reach(user).is_admin


@rules.predicate
def can_view_organisation(user: Any, organisation: Organisation | None) -> bool:
    return organisation is not None and bool(engine.reach(user).roles_in(organisation))


@rules.predicate
def can_view_people(user: Any, organisation: Organisation | None) -> bool:
    return organisation is not None and bool(
        engine.reach(user).roles_in(organisation) & PEOPLE_VIEWER_ROLES
    )


@rules.predicate
def can_manage_people(user: Any, organisation: Organisation | None) -> bool:
    return (
        organisation is not None
        and organisation.is_active
        and bool(engine.reach(user).roles_in(organisation) & PEOPLE_MANAGER_ROLES)
    )


@rules.predicate
def manages_people_anywhere(user: Any) -> bool:
    return engine.reach(user).holds(PEOPLE_MANAGER_ROLES)


@rules.predicate
def views_people_anywhere(user: Any) -> bool:
    return engine.reach(user).holds(PEOPLE_VIEWER_ROLES)


rules.add_perm("orgs.view_organisation", can_view_organisation)
rules.add_perm("orgs.view_people", can_view_people)
rules.add_perm("orgs.view_people_anywhere", views_people_anywhere)
rules.add_perm("orgs.manage_people", can_manage_people)
rules.add_perm("orgs.import_roster", manages_people_anywhere)
rules.add_perm("orgs.manage_organisations", is_platform_admin)


# --- Visibility (lists) ---------------------------------------------------------------------


@visibility(Organisation)
def organisations_visible(qs: Any, user: Any) -> Any:
    """Organisations where the person holds a role, and every one below an overseeing role."""
    return engine.scoped(qs, user, lambda: engine.ids_q(user, "pk"))


@visibility(Organisation, "orgs.view_people")
def organisations_with_visible_people(qs: Any, user: Any) -> Any:
    return engine.scoped(qs, user, lambda: engine.ids_q(user, "pk", PEOPLE_VIEWER_ROLES))


@visibility(Organisation, "orgs.manage_people")
def organisations_managed(qs: Any, user: Any) -> Any:
    """Active organisations whose people the person may add, change and import."""
    return engine.scoped(qs, user, lambda: engine.ids_q(user, "pk", PEOPLE_MANAGER_ROLES)).filter(
        is_active=True
    )


@visibility(Membership)
def memberships_visible(qs: Any, user: Any) -> Any:
    """Memberships in organisations whose people the person may see, and their own."""
    return engine.scoped(
        qs,
        user,
        lambda: Q(user=user) | engine.ids_q(user, "organisation_id", PEOPLE_VIEWER_ROLES),
    )


@visibility(Network)
def networks_visible(qs: Any, user: Any) -> Any:
    """Networks that join an organisation the person reaches, or one above their own."""

    def rule() -> Q:
        r = engine.reach(user)
        through = Network.organisations.through.objects
        joined = through.filter(
            Q(organisation_id__in=r.ids()) | Q(organisation_id__in=r.upward_ids())
        )
        return Q(pk__in=joined.values("network_id"))

    return engine.scoped(qs, user, rule)


@visibility(Invitation)
def invitations_visible(qs: Any, user: Any) -> Any:
    """Invitations into organisations whose people the person may manage."""
    return engine.scoped(
        qs, user, lambda: engine.ids_q(user, "organisation_id", PEOPLE_MANAGER_ROLES)
    )


@visibility(RosterImport)
def roster_imports_visible(qs: Any, user: Any) -> Any:
    """A roster import is its uploader's own."""
    return engine.scoped(qs, user, lambda: Q(created_by=user))


@visibility(User)
def people_visible(qs: Any, user: Any) -> Any:
    """People with a membership the person may see, and the person themselves."""

    def rule() -> Q:
        member_ids = (
            Membership.objects.visible_to(user)
            .filter(organisation_id__in=engine.reach(user).ids(PEOPLE_VIEWER_ROLES))
            .values("user_id")
        )
        return Q(pk=user.pk) | Q(pk__in=member_ids)

    return engine.scoped(qs, user, rule)
