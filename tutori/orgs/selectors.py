"""Reads on organisations, networks and memberships, always from visible_to(user)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import rules
from django.db.models import Count, Prefetch, Q, QuerySet

from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import (
    OVERSEEING_ROLES,
    ROLE_RANK,
    Invitation,
    InvitationState,
    Membership,
    MembershipQuerySet,
    Network,
    Organisation,
    Role,
    path_ids,
)

if TYPE_CHECKING:
    from tutori.accounts.models import User


@dataclass
class TreeNode:
    organisation: Organisation
    children: list[TreeNode] = field(default_factory=list)


def organisation_tree(*, user: User) -> list[TreeNode]:
    """The visible organisations as a forest, from one query ordered by path."""
    organisations = list(
        Organisation.objects.visible_to(user).filter(is_active=True).order_by("path")
    )
    nodes: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for organisation in organisations:
        node = TreeNode(organisation)
        nodes[organisation.pk] = node
        parent = nodes.get(organisation.parent_id) if organisation.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: n.organisation.name)
    roots.sort(key=lambda n: n.organisation.name)
    return roots


def organisation_get(*, user: User, pk: int) -> Organisation | None:
    return Organisation.objects.visible_to(user).select_related("parent").filter(pk=pk).first()


def organisation_children(*, user: User, organisation: Organisation) -> QuerySet[Organisation]:
    return (
        Organisation.objects.visible_to(user)
        .filter(parent=organisation, is_active=True)
        .order_by("name")
    )


def network_list(*, user: User) -> QuerySet[Network]:
    return (
        Network.objects.visible_to(user)
        .filter(is_active=True)
        .prefetch_related(
            Prefetch(
                "organisations",
                queryset=_network_members(),
            )
        )
    )


def network_get(*, user: User, pk: int) -> Network | None:
    return network_list(user=user).filter(pk=pk).first()


def network_member_ids_visible(*, user: User, network: Network) -> set[int]:
    """Which of the network's organisations the user may open (the rest are names only)."""
    return set(
        Organisation.objects.visible_to(user).filter(networks=network).values_list("pk", flat=True)
    )


class MembershipStatus:
    ACTIVE = "active"
    ENDED = "ended"
    ALL = "all"


def membership_list(
    *,
    user: User,
    organisation: Organisation,
    query: str = "",
    role: str = "",
    status: str = MembershipStatus.ACTIVE,
    include_descendants: bool = False,
) -> QuerySet[Membership]:
    """The people of an organisation (optionally with its sub-organisations), searchable."""
    qs = Membership.objects.visible_to(user).select_related("user", "organisation")
    if include_descendants:
        qs = qs.filter(organisation__path__startswith=organisation.path)
    else:
        qs = qs.filter(organisation=organisation)
    if status == MembershipStatus.ACTIVE:
        qs = qs.active()
    elif status == MembershipStatus.ENDED:
        qs = qs.exclude(pk__in=Membership.objects.visible_to(user).active().values("pk"))
    if role:
        qs = qs.filter(role=role)
    for term in query.split()[:5]:
        qs = qs.filter(Q(user__display_name__icontains=term) | Q(user__email__icontains=term))
    return qs.order_by("user__display_name", "organisation__name", "-active_from", "pk")


def invitation_waiting_list(
    *,
    user: User,
    organisation: Organisation,
    query: str = "",
    role: str = "",
    include_descendants: bool = False,
) -> QuerySet[Invitation]:
    """Invitations that wait for a person with an account to accept them (expired ones
    too, until they are sent again or withdrawn), as their inviter sees them: by the name
    typed in the invitation, never the account's."""
    qs = (
        Invitation.objects.visible_to(user)
        .open()
        .select_related("user", "organisation")
        .filter(membership_on_accept=True)
    )
    if include_descendants:
        qs = qs.filter(organisation__path__startswith=organisation.path)
    else:
        qs = qs.filter(organisation=organisation)
    if role:
        qs = qs.filter(role=role)
    for term in query.split()[:5]:
        qs = qs.filter(Q(display_name__icontains=term) | Q(user__email__icontains=term))
    return qs.order_by("display_name", "organisation__name", "pk")


class InvitationFilter:
    OPEN = "open"  # waiting or expired: what a coordinator may still act on
    ALL = "all"


def invitation_list(
    *,
    user: User,
    organisation: Organisation,
    query: str = "",
    state: str = InvitationFilter.OPEN,
    include_descendants: bool = False,
) -> QuerySet[Invitation]:
    """The invitations into an organisation (optionally with those below it), newest first,
    searchable by the name typed in the invitation or the address."""
    qs = Invitation.objects.visible_to(user).select_related("user", "organisation")
    if include_descendants:
        qs = qs.filter(organisation__path__startswith=organisation.path)
    else:
        qs = qs.filter(organisation=organisation)
    if state == InvitationFilter.OPEN:
        qs = qs.open()
    elif state in InvitationState.values:
        qs = qs.in_state(state)
    for term in query.split()[:5]:
        qs = qs.filter(Q(display_name__icontains=term) | Q(user__email__icontains=term))
    return qs.order_by("-sent_at", "-created_at", "-pk")


def invitation_get(*, user: User, pk: int) -> Invitation | None:
    return (
        Invitation.objects.visible_to(user)
        .select_related("user", "organisation", "invited_by")
        .filter(pk=pk)
        .first()
    )


def invitations_of_members(*, user: User, memberships: list[Membership]) -> None:
    """Give each membership ``invitation``: the newest invitation of its person into its
    organisation that ``user`` sees (None without one), in one query for the page."""
    pairs = {(m.user_id, m.organisation_id) for m in memberships}
    newest: dict[tuple[int, int], Invitation] = {}
    if pairs:
        for invitation in (
            Invitation.objects.visible_to(user)
            .filter(
                user_id__in={user_id for user_id, _org in pairs},
                organisation_id__in={org_id for _user, org_id in pairs},
            )
            .order_by("-created_at", "-pk")
        ):
            newest.setdefault((invitation.user_id, invitation.organisation_id), invitation)
    for membership in memberships:
        membership.invitation = newest.get((membership.user_id, membership.organisation_id))


def expired_invitations_panel(*, user: User) -> dict[str, Any] | None:
    """For a coordinator: how many invitations into the organisations they manage expired
    without being accepted, and where to send them again. None when there are none."""
    if user.is_superuser or not rules.has_perm("orgs.import_roster", user):
        return None
    count = Invitation.objects.visible_to(user).expired().count()
    if not count:
        return None
    managed = [
        m.organisation
        for m in memberships_of(user=user).active()
        if rules.has_perm("orgs.manage_people", user, m.organisation)
    ]
    return {"count": count, "organisations": managed}


def membership_get(*, user: User, pk: int) -> Membership | None:
    return (
        Membership.objects.visible_to(user)
        .select_related("user", "organisation")
        .filter(pk=pk)
        .first()
    )


def memberships_of(*, user: User) -> MembershipQuerySet:
    """The user's own memberships, current first."""
    return (
        Membership.objects.visible_to(user)
        .filter(user=user)
        .select_related("organisation", "user")
        .order_by("active_to", "organisation__name")
    )


def role_in(*, user: User, organisation: Organisation) -> str | None:
    """The strongest role the user holds here, or above here with a role that reaches
    down (a municipality's coordinator is coordinator of its schools too)."""
    if user.is_superuser:
        return Role.COORDINATOR
    ids = path_ids(organisation.path)
    roles = {
        role
        for org_id, role in Membership.objects.visible_to(user)
        .active()
        .filter(user=user, organisation_id__in=ids)
        .values_list("organisation_id", "role")
        if org_id == organisation.pk or role in OVERSEEING_ROLES
    }
    return next((role for role in ROLE_RANK if role in roles), None)


def dashboard_get(*, user: User) -> dict[str, Any]:
    """What the dashboard shows: the user's roles and, for overseers, counts of their scope."""
    memberships = list(memberships_of(user=user).active())
    context: dict[str, Any] = {
        "memberships": memberships,
        "roles": {m.role for m in memberships},
        "is_admin": user.is_superuser,
        "people_visible_ids": {
            m.organisation_id
            for m in memberships
            if rules.has_perm("orgs.view_people", user, m.organisation)
        },
        "people_managed_ids": {
            m.organisation_id
            for m in memberships
            if rules.has_perm("orgs.manage_people", user, m.organisation)
        },
    }
    if rules.has_perm("orgs.view_people_anywhere", user):
        overseen = Organisation.objects.visible_to(user, "orgs.view_people").filter(is_active=True)
        context["organisation_count"] = overseen.count()
        people = (
            Membership.objects.visible_to(user)
            .active()
            .filter(organisation__in=overseen)
            .aggregate(
                people=Count("user", distinct=True),
                without_login=Count(
                    "user", distinct=True, filter=Q(user__password__startswith="!")
                ),
            )
        )
        context["people_count"] = people["people"]
        context["without_login_count"] = people["without_login"]
    return context


def _network_members() -> QuerySet[Organisation]:
    """A network's member organisations are shown by name to whoever sees the network."""
    with scopes_disabled():
        return Organisation.objects.filter(is_active=True).order_by("name")
