"""Writes on organisations, networks and memberships. Every change goes through here."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import rules
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from tutori.accounts.models import User, email_normalise
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.mail import mail_send
from tutori.core.notify import site_url
from tutori.core.scoping import forget, scopes_disabled
from tutori.core.time import HELSINKI
from tutori.orgs.models import (
    Invitation,
    InvitationState,
    Membership,
    Network,
    Organisation,
    Role,
    today,
)


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
    request_base_url: str | None = None,
) -> Invitation:
    """Invite a person into an organisation with a role and e-mail them a link.

    A person new to Tutori is created without a password and joins at once; the link lets
    them set a password. A person who already has an account, anywhere, joins only when
    they accept: until then there is no membership (no role, no reach), and the inviter sees
    the name they typed here, never the account's. Both answer the same. A member here who
    cannot log in yet (no password: imported, or their link expired) gets a new link.
    """
    require_right(rules.has_perm("orgs.manage_people", by, organisation))
    if role not in Role.values:
        raise ApplicationError(_("Tuntematon rooli."))
    user, created = person_find_or_create(email=email, display_name=display_name)
    if created:
        membership_create(by=by, user=user, organisation=organisation, role=role)
    elif (membership := _open_membership(user, organisation)) is not None:
        # Their role here is one the inviter already sees in the organisation's people.
        if user.has_usable_password() or not user.is_active:
            raise ApplicationError(
                _("Henkilöllä on jo voimassa oleva rooli tässä organisaatiossa.")
            )
        return membership_invite(by=by, membership=membership, request_base_url=request_base_url)
    invitations_supersede(by=by, pairs=[(user.pk, organisation.pk)])
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


@transaction.atomic
def membership_invite(
    *, by: User, membership: Membership, request_base_url: str | None = None
) -> Invitation:
    """Mail a member who cannot log in yet (no password: imported from a roster, or their
    link expired or was withdrawn) a new link with which they set a password. Their earlier
    links stop working."""
    organisation = membership.organisation
    require_right(rules.has_perm("orgs.manage_people", by, organisation))
    user = membership.user
    if not membership.is_active:
        raise ApplicationError(_("Jäsenyys on päättynyt."))
    if not user.email:
        raise ApplicationError(
            _("Henkilöllä ei ole sähköpostiosoitetta, joten kutsua ei voi lähettää.")
        )
    if user.has_usable_password():
        raise ApplicationError(_("Henkilö voi jo kirjautua Tutoriin. Kutsua ei tarvita."))
    if not user.is_active:
        raise ApplicationError(_("Henkilön tunnus on poistettu käytöstä."))
    invitations_supersede(by=by, pairs=[(user.pk, organisation.pk)])
    invitation, token = invitation_build(
        by=by,
        user=user,
        organisation=organisation,
        role=membership.role,
        display_name=user.display_name,
        membership_on_accept=False,
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
    """An unsaved invitation and the token of its link (only its hash is stored). The
    caller saves it and mails it (``invitation_mail``) in the same transaction: an
    invitation is "sent" from the moment it exists."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation(
        user=user,
        organisation=organisation,
        role=role,
        display_name=display_name,
        membership_on_accept=membership_on_accept,
        invited_by=by,
        token_hash=_hash_token(token),
        expires_at=now + settings.INVITATION_LIFETIME,
        sent_at=now,
        send_count=1,
    )
    return invitation, token


def invitation_link(token: str, request_base_url: str | None = None) -> str:
    """The absolute address of an invitation's link: the site's address from the request
    when there is one, else ``settings.SITE_URL``."""
    path = reverse("orgs:invitation", args=[token])
    if request_base_url:
        return request_base_url.rstrip("/") + path
    return site_url(path)


# Stand-ins for what differs between invitations that share everything else (see
# ``invitation_mail``'s ``rendered``).
_LINK, _EMAIL = "\x00link\x00", "\x00email\x00"


def invitation_mail(
    *,
    invitation: Invitation,
    token: str,
    request_base_url: str | None = None,
    rendered: dict[tuple[Any, ...], tuple[str, str]] | None = None,
) -> None:
    """Queue the invitation's mail (inside the caller's transaction), in the invited
    person's language: the organisation, the role, who invited, until when the link works,
    and the link.

    ``rendered``, a dict the caller keeps for many invitations (a roster), holds each
    distinct mail once, with stand-ins for the link and the address: a roster of thousands
    renders a few texts instead of thousands.
    """
    user = invitation.user
    language = user.preferred_language or settings.LANGUAGE_CODE
    needs_password = not user.has_usable_password()
    inviter = invitation.invited_by.display_name if invitation.invited_by else ""
    with translation.override(language), timezone.override(HELSINKI):
        expires = formats.date_format(timezone.localtime(invitation.expires_at), "j.n.Y H:i")
        key = (
            language,
            invitation.organisation.name,
            invitation.role,
            inviter,
            expires,
            needs_password,
            invitation.send_count > 1,
        )
        text = rendered.get(key) if rendered is not None else None
        if text is None:
            context = {
                "link": _LINK,
                "inviter": inviter,
                "organisation": invitation.organisation.name,
                "role": Role(invitation.role).label,
                "expires": expires,
                "email": _EMAIL,
                "needs_password": needs_password,
                "again": invitation.send_count > 1,
            }
            subject = _("Kutsu Tutoriin: %(organisation)s") % {
                "organisation": invitation.organisation.name
            }
            text = (subject, render_to_string("orgs/email/invitation.txt", context))
            if rendered is not None:
                rendered[key] = text
    subject, body = text
    mail_send(
        to=[user.email or ""],
        subject=subject,
        body=body.replace(_LINK, invitation_link(token, request_base_url)).replace(
            _EMAIL, user.email or ""
        ),
    )


def invitations_supersede(*, by: User | None = None, pairs: list[tuple[int, int]]) -> None:
    """Withdraw the open invitations of these (person, organisation) pairs: a new invitation
    replaces them, so one link at a time is valid for a person and an organisation."""
    if not pairs:
        return
    wanted = set(pairs)
    # Whoever invites, every open link of the pair ends: a fact, not a view.
    with scopes_disabled():
        waiting = (
            Invitation.objects.open()
            .filter(
                user_id__in={user_id for user_id, _org in wanted},
                organisation_id__in={org_id for _user, org_id in wanted},
            )
            .values_list("pk", "user_id", "organisation_id")
        )
        ended = [pk for pk, user_id, org_id in waiting if (user_id, org_id) in wanted]
        if ended:
            Invitation.objects.filter(pk__in=ended).update(
                withdrawn_at=timezone.now(), withdrawn_by=by
            )


def invitation_find(token: str) -> Invitation | None:
    """The invitation of a token from a link, whatever its state, or None."""
    if not token or len(token) > 100:
        return None
    # The token is the credential: its holder is not signed in and has no scope yet.
    with scopes_disabled():
        return (
            Invitation.objects.select_related("user", "organisation")
            .filter(token_hash=_hash_token(token))
            .first()
        )


def invitation_get(token: str) -> Invitation | None:
    """The usable invitation for a token from a link, or None."""
    invitation = invitation_find(token)
    if invitation is None or invitation.state != InvitationState.WAITING:
        return None
    return invitation


def invitation_refusal(state: str) -> str:
    """What the holder of a link that no longer works is told."""
    if state == InvitationState.EXPIRED:
        return _(
            "Kutsu on vanhentunut. Pyydä kutsujaa lähettämään uusi kutsu; saat sen sähköpostiisi."
        )
    if state == InvitationState.WITHDRAWN:
        return _(
            "Tämä kutsu on peruttu tai korvattu uudemmalla kutsulla. Jos sinulle on lähetetty "
            "uusi kutsu, käytä sen linkkiä."
        )
    if state == InvitationState.ACCEPTED:
        return _(
            "Kutsu on jo hyväksytty. Kirjaudu sisään sähköpostiosoitteellasi ja salasanallasi."
        )
    return _("Kutsu on vanhentunut tai jo käytetty.")


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str | None) -> User:
    """Accept an invitation; a person without a password sets one here. A person who had an
    account becomes a member now (unless they already hold a role there)."""
    now = timezone.now()
    # Claimed by a conditional UPDATE, so two clicks on one link accept it once.
    with scopes_disabled():
        claimed = (
            Invitation.objects.open()
            .filter(pk=invitation.pk, expires_at__gt=now)
            .update(accepted_at=now)
        )
        if not claimed:
            state = Invitation.objects.get(pk=invitation.pk).state
            raise ApplicationError(invitation_refusal(state))
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


@transaction.atomic
def invitation_resend(
    *, by: User, invitation: Invitation, request_base_url: str | None = None
) -> Invitation:
    """Mail an open invitation (waiting or expired) again, with a new link and a new expiry:
    the link mailed before stops working."""
    require_right(rules.has_perm("orgs.manage_people", by, invitation.organisation))
    user = invitation.user
    if not invitation.membership_on_accept and user.has_usable_password():
        # A person this invitation created has since set a password (a reset): they can log in.
        raise ApplicationError(_("Henkilö voi jo kirjautua Tutoriin. Kutsua ei tarvita."))
    if invitation.membership_on_accept and _open_membership(user, invitation.organisation):
        raise ApplicationError(_("Henkilöllä on jo voimassa oleva rooli tässä organisaatiossa."))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    # A conditional UPDATE: an invitation accepted or withdrawn meanwhile is not revived.
    sent = (
        Invitation.objects.visible_to(by)
        .open()
        .filter(pk=invitation.pk)
        .update(
            token_hash=_hash_token(token),
            expires_at=now + settings.INVITATION_LIFETIME,
            sent_at=now,
            send_count=F("send_count") + 1,
        )
    )
    if not sent:
        raise ApplicationError(_("Kutsu on jo hyväksytty tai peruttu."))
    invitation.refresh_from_db()
    invitation_mail(invitation=invitation, token=token, request_base_url=request_base_url)
    return invitation


@transaction.atomic
def invitation_withdraw(*, by: User, invitation: Invitation) -> Invitation:
    """Withdraw an open invitation: its link stops working. A person with an account never
    becomes a member through it; a person it added stays a member without login (their role
    can be ended on the people page)."""
    require_right(rules.has_perm("orgs.manage_people", by, invitation.organisation))
    now = timezone.now()
    withdrawn = (
        Invitation.objects.visible_to(by)
        .open()
        .filter(pk=invitation.pk)
        .update(withdrawn_at=now, withdrawn_by=by)
    )
    if not withdrawn:
        raise ApplicationError(_("Kutsu on jo hyväksytty tai peruttu."))
    invitation.withdrawn_at, invitation.withdrawn_by = now, by
    return invitation
