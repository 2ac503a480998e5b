"""Shared fixtures: a small world of two municipalities with schools and people in roles."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, UserFactory
from tutori.accounts.models import User
from tutori.orgs.models import Network, Organisation


@dataclass
class World:
    """Oulu (municipality) → Koulu A, Koulu B; Kemi (municipality) → Koulu K; one network."""

    oulu: Organisation
    school_a: Organisation
    school_b: Organisation
    kemi: Organisation
    school_k: Organisation
    network: Network
    admin: User
    coordinator: User  # coordinator of Oulu (reaches its schools)
    manager: User  # manager (principal) of Koulu A
    tutor: User  # tutor in Koulu A
    coach: User  # coach in Koulu A
    member: User  # member (teacher) in Koulu A
    outsider: User  # coordinator of Kemi: another municipality
    nobody: User  # logged in, no membership anywhere

    def by_role(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def world(db: None) -> World:
    oulu = OrganisationFactory(name="Oulu", municipality=True)
    school_a = OrganisationFactory(name="Koulu A", parent=oulu)
    school_b = OrganisationFactory(name="Koulu B", parent=oulu)
    kemi = OrganisationFactory(name="Kemi", municipality=True)
    school_k = OrganisationFactory(name="Koulu K", parent=kemi)
    network = NetworkFactory(name="Pohjoinen verkosto", organisations=[oulu, kemi])
    w = World(
        oulu=oulu,
        school_a=school_a,
        school_b=school_b,
        kemi=kemi,
        school_k=school_k,
        network=network,
        admin=UserFactory(admin=True, display_name="Ylläpitäjä", email="admin@example.fi"),
        coordinator=UserFactory(
            display_name="Kaisa Koordinaattori", email="koordinaattori@example.fi"
        ),
        manager=UserFactory(display_name="Reijo Rehtori", email="rehtori@example.fi"),
        tutor=UserFactory(display_name="Tiina Tutor", email="tutor@example.fi"),
        coach=UserFactory(display_name="Ville Valmentaja", email="valmentaja@example.fi"),
        member=UserFactory(display_name="Olli Opettaja", email="opettaja@example.fi"),
        outsider=UserFactory(display_name="Kalle Kemiläinen", email="kemi@example.fi"),
        nobody=UserFactory(display_name="Ei Ketään", email="eikukaan@example.fi"),
    )
    MembershipFactory(user=w.coordinator, organisation=oulu, coordinator=True)
    MembershipFactory(user=w.manager, organisation=school_a, manager=True)
    MembershipFactory(user=w.tutor, organisation=school_a, tutor=True)
    MembershipFactory(user=w.coach, organisation=school_a, coach=True)
    MembershipFactory(user=w.member, organisation=school_a)
    MembershipFactory(user=w.outsider, organisation=kemi, coordinator=True)
    return w
