"""Set-up shared by the orgs write-permission tests: the teacher's membership in Koulu A, a
membership in Kemi's Koulu K, and roster files."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import World
from tests.factories import MembershipFactory
from tutori.orgs.models import Membership


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
