"""Synthetic organisations and people for the benchmark (``tutori generate``).

One step of the generator registry (settings.TUTORI_GENERATORS): it gets the scale and a
seeded random source, writes with bulk inserts, and hands what later steps need (schools,
people by school) on in ``state``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from random import Random
from typing import Any

from django.contrib.auth.hashers import make_password

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Membership, Organisation, OrganisationKind, Role, today

BATCH = 5000
BENCH_DOMAIN = "bench.tutori.fi"
BENCH_PASSWORD = "tutori-bench"  # a published benchmark login, not a secret
# The logins the benchmark uses; each is a realistic user of the first school/municipality.
BENCH_LOGINS = ("member", "tutor", "coordinator", "manager")

FIRST = ["Aino", "Eino", "Helmi", "Veikko", "Sanna", "Jussi", "Liisa", "Mikko", "Noora", "Timo"]
LAST = ["Aalto", "Heikkinen", "Korhonen", "Laine", "Mäkinen", "Nieminen", "Virtanen", "Lehto"]


@scopes_disabled()
def organisations_and_people(
    *, scale: dict[str, int], rng: Random, state: dict[str, Any], progress: Callable[..., None]
) -> None:
    """Municipalities with schools; per school a principal, a tutor and members."""
    municipalities = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Kunta {m + 1:03d}", kind=OrganisationKind.MUNICIPALITY)
            for m in range(scale["municipalities"])
        ]
    )
    for m in municipalities:
        m.path = f"/{m.pk}/"
    Organisation.objects.bulk_update(municipalities, ["path"], batch_size=BATCH)
    per_town = max(scale["schools"] // len(municipalities), 1)
    schools = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{town.name} koulu {s + 1:02d}",
                kind=OrganisationKind.SCHOOL,
                parent=town,
            )
            for town in municipalities
            for s in range(per_town)
        ],
        batch_size=BATCH,
    )
    for school in schools:
        school.path = f"/{school.parent_id}/{school.pk}/"
    Organisation.objects.bulk_update(schools, ["path"], batch_size=BATCH)
    progress("organisations", len(municipalities) + len(schools))

    per_school = max(scale["people"] // len(schools), 4)
    unusable = make_password(None)
    bench_password = make_password(BENCH_PASSWORD)
    users: list[User] = []
    roles: list[tuple[int, str]] = []  # (school index, role) per user, in order
    for index, _school in enumerate(schools):
        for p in range(per_school):
            role: str = Role.MEMBER
            if p == 0:
                role = Role.MANAGER
            elif p == 1:
                role = Role.TUTOR
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            email = f"p{index}-{p}@{BENCH_DOMAIN}"
            users.append(User(email=email, display_name=name, password=unusable))
            roles.append((index, role))
    for login in BENCH_LOGINS:
        users.append(
            User(
                email=f"{login}@{BENCH_DOMAIN}",
                display_name=f"Bench {login}",
                password=bench_password,
            )
        )
    created: list[User] = []
    for start in range(0, len(users), BATCH):
        created += User.objects.bulk_create(users[start : start + BATCH])
        progress("people", min(start + BATCH, len(users)), len(users))
    since = today() - timedelta(days=400)
    memberships = [
        Membership(user=user, organisation=schools[index], role=role, active_from=since)
        for user, (index, role) in zip(created, roles, strict=False)
    ]
    logins = dict(zip(BENCH_LOGINS, created[len(roles) :], strict=True))
    memberships += [
        Membership(user=logins["member"], organisation=schools[0], role=Role.MEMBER),
        Membership(user=logins["tutor"], organisation=schools[0], role=Role.TUTOR),
        Membership(user=logins["manager"], organisation=schools[0], role=Role.MANAGER),
        Membership(
            user=logins["coordinator"], organisation=municipalities[0], role=Role.COORDINATOR
        ),
    ]
    for membership in memberships:
        membership.active_from = since
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    progress("memberships", len(memberships))

    by_school: list[list[int]] = [[] for _ in schools]
    tutors: list[int] = [0] * len(schools)
    for user, (index, held) in zip(created, roles, strict=False):
        if held == Role.TUTOR:
            tutors[index] = user.pk
        elif held == Role.MEMBER:
            by_school[index].append(user.pk)
    by_school[0].append(logins["member"].pk)
    state.update(
        municipalities=municipalities,
        schools=schools,
        members_by_school=by_school,
        tutor_by_school=tutors,
        bench_tutor=logins["tutor"].pk,
    )
