"""The tutoring demo loads once and again without duplicates."""

from __future__ import annotations

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tutori.tutoring.demo import tutoring_demo_load
from tutori.tutoring.models import Booking, Slot, SubstituteBudget, Topic, TutoringSession


def test_tutoring_demo_loads_idempotently(db):
    town = OrganisationFactory(name="Demokunta", municipality=True)
    schools = [OrganisationFactory(name=f"Koulu {i}", parent=town) for i in range(3)]
    coordinator = UserFactory(email="coordinator@demo.tutori.fi")
    tutor = UserFactory(email="tutor@demo.tutori.fi")
    MembershipFactory(user=coordinator, organisation=town, coordinator=True)
    MembershipFactory(user=tutor, organisation=schools[0], tutor=True)
    for i in range(4):
        MembershipFactory(organisation=schools[0], user=UserFactory(email=f"ope{i}@demo.tutori.fi"))

    first = tutoring_demo_load()
    counts = (
        Topic._default_manager.count(),
        Slot._default_manager.count(),
        Booking._default_manager.count(),
        TutoringSession._default_manager.count(),
        SubstituteBudget._default_manager.count(),
    )
    assert first["bookings"] >= 4
    assert Slot._default_manager.filter(is_shared=True).exists()
    tutoring_demo_load()
    assert counts == (
        Topic._default_manager.count(),
        Slot._default_manager.count(),
        Booking._default_manager.count(),
        TutoringSession._default_manager.count(),
        SubstituteBudget._default_manager.count(),
    )


def test_tutoring_demo_shows_approvals_and_booking_rules(db):
    from django.core.management import call_command

    from tutori.accounts.models import User
    from tutori.tutoring.models import BookingPolicy

    call_command("demo_data")
    tutor = User.objects.get(email="tutor@demo.tutori.fi")
    assert Booking._default_manager.filter(slot__tutor=tutor, status="pending").exists()
    assert BookingPolicy._default_manager.filter(organisation__name="Kempele").exists()
    assert not Booking._default_manager.filter(
        person__email="uusi.opettaja@demo.tutori.fi"
    ).exists()
    # The coordinator proposed the demo's spend; the principal has one waiting to decide.
    from tutori.tutoring.models import SubstituteSpend
    from tutori.tutoring.permissions import can_decide_spend

    principal = User.objects.get(email="manager@demo.tutori.fi")
    coordinator = User.objects.get(email="coordinator@demo.tutori.fi")
    waiting = SubstituteSpend._default_manager.filter(status="proposed").select_related(
        "budget__school"
    )
    assert any(can_decide_spend(principal, spend) for spend in waiting)
    assert not any(can_decide_spend(coordinator, spend) for spend in waiting)
    # One of them is still to come, so an approval can also be undone (until that day).
    from django.utils import timezone

    assert any(
        can_decide_spend(principal, spend)
        and spend.date > timezone.localdate()
        and spend.budget.school.name == "Kirkonkylän koulu"
        for spend in waiting
    )


def test_the_demo_tutor_has_ended_bookings_to_log_as_delivered(client, db):
    """Every role has something to act on; the tutor: times that ended in the past weeks,
    booked and not yet logged, which "Kirjaa toteutuneeksi" opens prefilled."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from tutori.accounts.models import User

    call_command("demo_data")
    tutor = User.objects.get(email="tutor@demo.tutori.fi")
    now = timezone.now()
    to_log = list(
        Booking._default_manager.filter(
            slot__tutor=tutor,
            status="confirmed",
            slot__ends_at__lt=now,
            slot__ends_at__gt=now - timedelta(weeks=4),
            session__isnull=True,
        ).order_by("slot__starts_at")
    )
    assert len(to_log) >= 2
    client.force_login(tutor)
    response = client.get(reverse("tutoring:log_new"), {"booking": to_log[-1].pk})
    assert response.status_code == 200
    assert to_log[-1].person.display_name in response.content.decode()
    # Loading again adds no second set.
    ended = Booking._default_manager.filter(slot__tutor=tutor, slot__ends_at__lt=now)
    before = ended.count()
    call_command("demo_data")
    assert ended.count() == before
