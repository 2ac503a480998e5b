"""The demo data: every demo login works, shows its role's work, and loading twice adds nothing."""

from __future__ import annotations

import rules
from django.core.management import call_command
from django.urls import reverse

from tutori.accounts.models import User
from tutori.orgs.demo import DEMO_PASSWORD
from tutori.orgs.models import Invitation, Membership, Network, Organisation
from tutori.tutoring.models import Booking, Slot


def _counts() -> tuple[int, ...]:
    return (
        Organisation._default_manager.count(),
        Network._default_manager.count(),
        User.objects.count(),
        Membership._default_manager.count(),
        Invitation._default_manager.count(),
        Slot._default_manager.count(),
        Booking._default_manager.count(),
    )


def test_demo_data_loads_twice_without_duplicates(db, capsys):
    call_command("demo_data")
    first = _counts()
    out = capsys.readouterr().out
    for role in ("admin", "coordinator", "manager", "tutor", "coach", "member"):
        assert f"{role}@demo.tutori.fi" in out
    call_command("demo_data")
    assert _counts() == first
    assert first[2] >= 40


def test_demo_data_holds_the_seed_organisations(db):
    call_command("demo_data")
    names = set(Organisation._default_manager.values_list("name", flat=True))
    for name in (
        "Oulu",
        "Haukipudas",
        "Jyväskylän Katulähetys ry",
        "Jyvässeudun Työttömät ry",
        "Työvalmennussäätiö Tekevä",
        "Jyvälän Setlementti",
        "Jyväskylän TYP",
        "Parik-säätiö",
    ):
        assert name in names
    assert Network._default_manager.filter(name="Oulun seudun välityömarkkinat").exists()
    kempele = Organisation._default_manager.get(name="Kempele")
    assert Organisation._default_manager.filter(parent=kempele).count() == 5
    # participants without a login, one ended membership, one pending invitation
    assert User.objects.filter(email__isnull=True).count() >= 5
    assert Membership._default_manager.filter(active_to__isnull=False).exists()
    assert Invitation._default_manager.filter(accepted_at__isnull=True).exists()


def test_every_demo_login_logs_in_and_sees_its_work(client, db):
    call_command("demo_data")
    for role in ("admin", "coordinator", "manager", "tutor", "coach", "member"):
        client.logout()
        response = client.post(
            reverse("accounts:login"),
            {"username": f"{role}@demo.tutori.fi", "password": DEMO_PASSWORD},
        )
        assert response.status_code == 302, role
        assert client.get(reverse("dashboard:dashboard")).status_code == 200
    coordinator = User.objects.get(email="coordinator@demo.tutori.fi")
    assert rules.has_perm(
        "orgs.manage_people", coordinator, Organisation._default_manager.get(name="Kempele")
    )
    manager = User.objects.get(email="manager@demo.tutori.fi")
    assert rules.has_perm(
        "orgs.view_people", manager, Organisation._default_manager.get(name="Kirkonkylän koulu")
    )


def test_the_coachs_dashboard_promises_nothing_that_is_not_built(client, db):
    """The coach's role text says what a coach has today: no paths (they are still to come)."""
    call_command("demo_data")
    client.force_login(User.objects.get(email="coach@demo.tutori.fi"))
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "Valmentajana ohjaat organisaatiosi valmentautujia." in html
    assert "polu" not in html.lower()
