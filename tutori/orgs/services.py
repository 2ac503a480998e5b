"""Writes on organisations, networks and memberships. Every change goes through here."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import rules
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tutori.accounts.models import User, email_normalise
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.mail import mail_send
from tutori.core.scoping import forget, scopes_disabled
from tutori.orgs.models import Invitation, Membership, Network, Organisation, Role, today


def require_right(ok: bool) -> None:
    if not ok:
        raise PermissionDeniedError(_("Sinulla ei ole oikeutta tähän toimintoon."))


# --- Organisations and networks (platform admins) -------------------------------------------


@transaction.atomic
def organisation_create(
    *,
    by: User,
    name: str,
    kind: str,
    parent: Organisation | None = None,
    business_id: str = "",
    municipality_name: str = "",
    description: str = "",
) -> Organisation:
    require_right(rules.has_perm("orgs.manage_organisations", by))
    organisation = Organisation(
        name=name,
        kind=kind,
        parent=parent,
        business_id=business_id,
        municipality_name=municipality_name,
        description=description,
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def organisation_update(*, by: User, organisation: Organisation, **fields: Any) -> Organisation:
    require_right(rules.has_perm("orgs.manage_organisations", by))
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def network_create(
    *, by: User, name: str, description: str = "", organisations: list[Organisation] | None = None
) -> Network:
    require_right(rules.has_perm("orgs.manage_organisations", by))
    network = Network(name=name, description=description)
    network.full_clean()
    network.save()
    if organisations:
        network.organisations.set(organisations)
    return network


# --- Memberships ----------------------------------------------------------------------------


def _open_membership(user: User, organisation: Organisation) -> Membership | None:
    # Whoever acts, the person's open role decides: it is a fact, not a view.
    with scopes_disabled():
        return Membership.objects.filter(
            user=user, organisation=organisation, active_to__isnull=True
        ).first()


@transaction.atomic
def membership_create(
    *,
    by: User | None,
    user: User,
    organisation: Organisation,
    role: str,
    created_by: User | None = None,
) -> Membership:
    """Give ``user`` a role in ``organisation``. ``by=None`` acts for the system (then
    ``created_by`` may name the person whose decision it carries out, e.g. the inviter)."""
    if by is not None:
        require_right(rules.has_perm("orgs.manage_people", by, organisation))
    if role not in Role.values:
        raise ApplicationError(_("Tuntematon rooli."))
    if _open_membership(user, organisation) is not None:
        raise ApplicationError(_("Henkilöllä on jo voimassa oleva rooli tässä organisaatiossa."))
    membership = Membership(
        user=user, organisation=organisation, role=role, created_by=by or created_by
    )
    membership.full_clean()
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:  # a concurrent request won the race
        raise ApplicationError(
            _("Henkilöllä on jo voimassa oleva rooli tässä organisaatiossa.")
        ) from exc
    forget(user)
    return membership


@transaction.atomic
def membership_end(*, by: User | None, membership: Membership) -> Membership:
    """End a membership today. Nothing is deleted: the row keeps the history."""
    if by is not None:
        require_right(rules.has_perm("orgs.manage_people", by, membership.organisation))
    if membership.active_to is not None:
        raise ApplicationError(_("Jäsenyys on jo päättynyt."))
    end = today()
    if membership.active_from > end:
        membership.active_from = end
    membership.active_to = end
    membership.full_clean()
    membership.save(update_fields=["active_from", "active_to"])
    forget(membership.user)
    return membership


@transaction.atomic
def membership_change_role(*, by: User | None, membership: Membership, role: str) -> Membership:
    """Change a role: the old membership ends today and a new one starts today."""
    if by is not None:
        require_right(rules.has_perm("orgs.manage_people", by, membership.organisation))
    if role not in Role.values:
        raise ApplicationError(_("Tuntematon rooli."))
    if membership.active_to is not None:
        raise ApplicationError(_("Päättyneen jäsenyyden roolia ei voi muuttaa."))
    if membership.role == role:
        return membership
    membership_end(by=None, membership=membership)
    return membership_create(
        by=None, user=membership.user, organisation=membership.organisation, role=role
    )


# --- People and invitations -----------------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def person_find_or_create(
    *, email: str | None, display_name: str, phone: str = "", language: str = ""
) -> tuple[User, bool]:
    """The person with this e-mail, or a new one without a password."""
    if email:
        existing = User.objects.filter(email=email_normalise(email)).first()
        if existing is not None:
            return existing, False
    user = User.objects.create_user(
        email=email or None,
        display_name=display_name,
        phone=phone,
        preferred_language=language or settings.LANGUAGE_CODE,
    )
    return user, True


@transaction.atomic
def person_invite(
    *,
    by: User,
    organisation: Organisation,
    email: str,
    display_name: str,
    role: str,
    request_base_url: str,
) -> Invitation:
    """Invite a person into an organisation with a role and e-mail them a link.

    A person new to Tutori is created without a password and joins at once; the link lets
    them set a password. A person who already has an account, anywhere, joins only when
    they accept: until then there is no membership (no role, no reach), and the inviter sees
    the name they typed here, never the account's. Both answer the same.
    """
    require_right(rules.has_perm("orgs.manage_people", by, organisation))
    if role not in Role.values:
        raise ApplicationError(_("Tuntematon rooli."))
    user, created = person_find_or_create(email=email, display_name=display_name)
    if created:
        membership_create(by=by, user=user, organisation=organisation, role=role)
    elif _open_membership(user, organisation) is not None:
        # Their role here is one the inviter already sees in the organisation's people.
        raise ApplicationError(_("Henkilöllä on jo voimassa oleva rooli tässä organisaatiossa."))
    else:
        invitations_supersede(pairs=[(user.pk, organisation.pk)])
    invitation, token = invitation_build(
        by=by,
        user=user,
        organisation=organisation,
        role=role,
        display_name=display_name,
        membership_on_accept=not created,
    )
    invitation.save()
    invitation_mail(invitation=invitation, token=token, request_base_url=request_base_url)
    return invitation


def invitation_build(
    *,
    by: User,
    user: User,
    organisation: Organisation,
    role: str,
    display_name: str,
    membership_on_accept: bool,
) -> tuple[Invitation, str]:
    """An unsaved invitation and the token of its link (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        user=user,
        organisation=organisation,
        role=role,
        display_name=display_name,
        membership_on_accept=membership_on_accept,
        invited_by=by,
        token_hash=_hash_token(token),
        expires_at=timezone.now() + settings.INVITATION_LIFETIME,
    )
    return invitation, token


def invitation_mail(*, invitation: Invitation, token: str, request_base_url: str) -> None:
    """Queue the invitation's mail, in the invited person's language."""
    user = invitation.user
    link = request_base_url.rstrip("/") + reverse("orgs:invitation", args=[token])
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "link": link,
            "inviter": invitation.invited_by.display_name if invitation.invited_by else "",
            "organisation": invitation.organisation.name,
            "role": Role(invitation.role).label,
            "days": settings.INVITATION_LIFETIME.days,
            "needs_password": not user.has_usable_password(),
        }
        mail_send(
            to=[user.email or ""],
            subject=_("Kutsu Tutoriin: %(organisation)s")
            % {"organisation": invitation.organisation.name},
            body=render_to_string("accounts/email/invitation.txt", context),
        )


def invitations_supersede(*, pairs: list[tuple[int, int]]) -> None:
    """End the waiting invitations of these (person, organisation) pairs: a new invitation
    replaces them, so one link at a time makes a person a member."""
    if not pairs:
        return
    wanted = set(pairs)
    # Whoever invites, every waiting link of the pair ends: a fact, not a view.
    with scopes_disabled():
        waiting = Invitation.objects.filter(
            user_id__in={user_id for user_id, _org in wanted},
            organisation_id__in={org_id for _user, org_id in wanted},
            membership_on_accept=True,
            accepted_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).values_list("pk", "user_id", "organisation_id")
        ended = [pk for pk, user_id, org_id in waiting if (user_id, org_id) in wanted]
        if ended:
            Invitation.objects.filter(pk__in=ended).update(expires_at=timezone.now())


def invitation_get(token: str) -> Invitation | None:
    """The usable invitation for a token from a link, or None."""
    if not token or len(token) > 100:
        return None
    # The token is the credential: its holder is not signed in and has no scope yet.
    with scopes_disabled():
        invitation = (
            Invitation.objects.select_related("user", "organisation")
            .filter(token_hash=_hash_token(token))
            .first()
        )
    if invitation is None or invitation.accepted_at or invitation.expires_at < timezone.now():
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str | None) -> User:
    """Accept an invitation; a person without a password sets one here. A person who had an
    account becomes a member now (unless they already hold a role there)."""
    now = timezone.now()
    # Claimed by a conditional UPDATE, so two clicks on one link accept it once.
    with scopes_disabled():
        claimed = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=now
        ).update(accepted_at=now)
    if not claimed:
        raise ApplicationError(_("Kutsu on vanhentunut tai jo käytetty."))
    invitation.accepted_at = now
    user = invitation.user
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
    if invitation.membership_on_accept and _open_membership(user, invitation.organisation) is None:
        membership_create(
            by=None,
            user=user,
            organisation=invitation.organisation,
            role=invitation.role,
            created_by=invitation.invited_by,
        )
    return user
