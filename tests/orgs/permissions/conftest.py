"""Set-up shared by the orgs write-permission tests: the teacher's membership in Koulu A, a
membership in Kemi's Koulu K, invitations into both, and roster files."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.conftest import World
from tests.factories import MembershipFactory, UserFactory
from tutori.orgs.models import Invitation, Membership, Organisation


@pytest.fixture
def teachers_membership(world: World) -> Membership:
    """Olli Opettaja's open membership (member) in Koulu A."""
    return Membership._default_manager.get(user=world.member, organisation=world.school_a)


@pytest.fixture
def kemi_membership(world: World) -> Membership:
    """A teacher's open membership in Koulu K, Kemi."""
    return MembershipFactory(organisation=world.school_k, user__display_name="Kaija Kemistä")


def roster_file(*lines: str) -> SimpleUploadedFile:
    """A CSV roster with the header row and ``lines``."""
    text = "\n".join(["name;email;organisation;role", *lines]) + "\n"
    return SimpleUploadedFile("lista.csv", text.encode(), content_type="text/csv")


def open_roles(user, organisation) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        Membership._default_manager.filter(
            user=user, organisation=organisation, active_to__isnull=True
        ).values_list("role", flat=True)
    )


def invitation_of_a_new_member(
    organisation: Organisation, by: object, email: str, token: str
) -> Invitation:
    """A person imported into ``organisation`` without a password, and the invitation
    mailed to them two weeks and a day ago (expired)."""
    person = UserFactory(invited=True, email=email, display_name="Uusi Tuotu")
    MembershipFactory(organisation=organisation, user=person)
    sent = timezone.now() - timedelta(days=15)
    return Invitation._default_manager.create(
        user=person,
        organisation=organisation,
        role="member",
        display_name="Uusi Tuotu",
        invited_by=by,
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        expires_at=sent + timedelta(days=14),
        sent_at=sent,
        send_count=1,
    )


@pytest.fixture
def koulu_a_invitation(world: World) -> Invitation:
    return invitation_of_a_new_member(
        world.school_a, world.coordinator, "tuotu@example.fi", "koulu-a-token"
    )


@pytest.fixture
def koulu_k_invitation(world: World) -> Invitation:
    return invitation_of_a_new_member(
        world.school_k, world.outsider, "tuotu.kemi@example.fi", "koulu-k-token"
    )
