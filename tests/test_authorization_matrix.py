"""The authorization matrix: every URL of the project × every role, with the expected status.

This is the specification of tutori/orgs/access.py as seen from the outside. A URL pattern
that has no row here fails ``test_every_url_pattern_has_a_row``: whoever adds a URL adds
its row. Roles are those of the ``world`` fixture (tests/conftest.py): members of Koulu A
in Oulu, Oulu's coordinator, a coordinator of another municipality (outsider), a
logged-in person with no role (nobody), a platform admin and anonymous visitors.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authz import (
    LOGGED_IN,
    LOGIN_REQUIRED,
    ROLES,
    SCHOOL_A_REACH,
    Row,
    collected_rows,
    membership_of_member,
    roster_import_of_coordinator,
)

MATRIX: dict[str, Row] = {
    **collected_rows(),
    # core
    "dashboard:root": Row(302),
    "dashboard:dashboard": Row(200, expect=LOGIN_REQUIRED),
    "core:health": Row(200),
    # accounts
    "accounts:login": Row(302, expect={"anonymous": 200}),
    "accounts:logout": Row(405),
    "accounts:password_reset": Row(200),
    "accounts:password_reset_done": Row(200),
    "accounts:password_reset_confirm": Row(
        200, kwargs=lambda w: {"uidb64": "MQ", "token": "abc-def"}
    ),
    "accounts:password_reset_complete": Row(200),
    "accounts:language": Row(405),
    "accounts:profile": Row(200, expect=LOGIN_REQUIRED),
    "orgs:invitation": Row(404, kwargs=lambda w: {"token": "not-a-real-token"}),
    "invitation_legacy": Row(404, kwargs=lambda w: {"token": "not-a-real-token"}),
    # orgs
    "orgs:tree": Row(200, expect=LOGIN_REQUIRED),
    "orgs:detail": Row(200, kwargs=lambda w: {"pk": w.school_a.pk}, expect=SCHOOL_A_REACH),
    "orgs:people": Row(
        403,
        kwargs=lambda w: {"pk": w.school_a.pk},
        expect={**SCHOOL_A_REACH, "manager": 200, "coordinator": 200, "admin": 200},
    ),
    "orgs:invite": Row(
        403,
        kwargs=lambda w: {"pk": w.school_a.pk},
        expect={**SCHOOL_A_REACH, "coordinator": 200, "admin": 200},
    ),
    "orgs:membership_role": Row(
        404,
        kwargs=membership_of_member,
        expect={"anonymous": 302, "member": 403, "manager": 403, "coordinator": 200, "admin": 200},
    ),
    "orgs:membership_end": Row(
        404,
        kwargs=membership_of_member,
        expect={"anonymous": 302, "member": 403, "manager": 403, "coordinator": 200, "admin": 200},
    ),
    "orgs:network": Row(
        200, kwargs=lambda w: {"pk": w.network.pk}, expect={"anonymous": 302, "nobody": 404}
    ),
    "orgs:import": Row(
        403, expect={"anonymous": 302, "coordinator": 200, "outsider": 200, "admin": 200}
    ),
    # A preview is its creator's alone.
    "orgs:import_preview": Row(
        404, kwargs=roster_import_of_coordinator, expect={"anonymous": 302, "coordinator": 200}
    ),
}

# The Django admin is one site with many URLs: the whole namespace is for platform admins.
ADMIN_URLS = ["admin:index", "admin:orgs_organisation_changelist", "admin:accounts_user_changelist"]


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                if ns == "admin":
                    continue
                walk(
                    p.url_patterns,
                    f"{namespace}:{p.namespace}" if namespace and p.namespace else ns,
                )
            elif isinstance(p, URLPattern):
                names.add(f"{namespace}:{p.name}" if namespace else str(p.name))

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_pattern_has_a_row():
    missing = sorted(_all_url_names() - set(MATRIX))
    assert not missing, f"URL patterns without a row in the authorization matrix: {missing}"


def test_matrix_has_no_stale_rows():
    assert not sorted(set(MATRIX) - _all_url_names())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_get_status(client, world, name, role):
    row = MATRIX[name]
    user = world.by_role(role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(name, kwargs=row.kwargs(world)))
    assert response.status_code == row.status_for(role), (name, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ADMIN_URLS)
def test_django_admin_is_for_platform_admins_only(client, world, name, role):
    user = world.by_role(role)
    if user is not None:
        # Even staff status is not enough: only superusers reach the admin.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == (200 if role == "admin" else 302)


@pytest.mark.parametrize("role", LOGGED_IN)
def test_people_pages_never_show_another_municipalitys_people(client, world, role):
    from tests.factories import MembershipFactory

    MembershipFactory(organisation=world.school_k, user__display_name="Salainen Kemiläinen")
    client.force_login(world.by_role(role))
    for org in (world.oulu, world.school_a):
        response = client.get(reverse("orgs:people", args=[org.pk]) + "?status=all&sub=on")
        assert "Salainen Kemiläinen" not in response.content.decode()
