"""factory-boy factories with named states: a test says what is special about its data."""

from __future__ import annotations

import factory
from django.db import models
from factory.django import DjangoModelFactory

from tutori.accounts.models import User
from tutori.orgs.models import Membership, Network, Organisation, OrganisationKind, Role

PASSWORD = "salasana-testi-123"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"henkilo{n}@example.fi")
    display_name = factory.Sequence(lambda n: f"Henkilö {n}")
    preferred_language = "fi"
    password = factory.django.Password(PASSWORD)

    class Params:
        admin = factory.Trait(is_superuser=True, is_staff=True)
        without_login = factory.Trait(email=None, password="!unusable")
        invited = factory.Trait(password="!unusable")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        # Organisation.objects refuses unscoped use; factories act for the system.
        django_get_or_create = ()

    name = factory.Sequence(lambda n: f"Organisaatio {n}")
    kind = OrganisationKind.SCHOOL
    parent = None

    class Params:
        municipality = factory.Trait(kind=OrganisationKind.MUNICIPALITY)
        inactive = factory.Trait(is_active=False)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        obj = model_class(*args, **kwargs)
        obj.save()
        return obj


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Verkosto {n}")

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.organisations.set(extracted)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER

    class Params:
        coordinator = factory.Trait(role=Role.COORDINATOR)
        manager = factory.Trait(role=Role.MANAGER)
        tutor = factory.Trait(role=Role.TUTOR)
        coach = factory.Trait(role=Role.COACH)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        obj = model_class(*args, **kwargs)
        obj.save()
        return obj


# --- Tutoring -------------------------------------------------------------------------------
from datetime import timedelta  # noqa: E402

from django.utils import timezone  # noqa: E402

from tutori.tutoring.models import Booking, Mode, Slot, Topic  # noqa: E402


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Aihe {n}")


def _next_week_at(hour: int) -> object:
    local = timezone.localtime() + timedelta(days=7)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


class SlotFactory(DjangoModelFactory):
    """A free individual slot a week from now, 14:00–15:00 Helsinki time."""

    class Meta:
        model = Slot
        skip_postgeneration_save = True

    tutor = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    starts_at = factory.LazyFunction(lambda: _next_week_at(14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    mode = Mode.INDIVIDUAL
    capacity = 1

    class Params:
        group = factory.Trait(mode=Mode.GROUP, capacity=3)
        needs_approval = factory.Trait(requires_approval=True)
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
        )


class BookingFactory(DjangoModelFactory):
    """A confirmed booking; the slot's counter is kept in step."""

    class Meta:
        model = Booking

    slot = factory.SubFactory(SlotFactory)
    person = factory.SubFactory(UserFactory)
    status = Booking.Status.CONFIRMED

    class Params:
        waiting = factory.Trait(status=Booking.Status.WAITING)
        pending = factory.Trait(status=Booking.Status.PENDING)
        cancelled = factory.Trait(status=Booking.Status.CANCELLED)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        obj = model_class(*args, **kwargs)
        obj.save()
        if obj.status == Booking.Status.CONFIRMED:
            Slot._default_manager.filter(pk=obj.slot_id).update(booked=models.F("booked") + 1)
            obj.slot.refresh_from_db()
        return obj


# --- Tutoring: delivered tutoring and substitute budgets -----------------------------------
from decimal import Decimal  # noqa: E402

from tutori.tutoring.models import (  # noqa: E402
    SubstituteBudget,
    SubstituteSpend,
    TutoringSession,
)


class TutoringSessionFactory(DjangoModelFactory):
    """An hour of tutoring delivered today, outside lessons."""

    class Meta:
        model = TutoringSession

    tutor = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    date = factory.LazyFunction(timezone.localdate)
    duration_minutes = 60
    participant_count = 1

    class Params:
        in_lessons = factory.Trait(during_lessons=True)


class SubstituteBudgetFactory(DjangoModelFactory):
    """A school's budget of 1 000 € for a term running from two months ago to two ahead."""

    class Meta:
        model = SubstituteBudget

    school = factory.SubFactory(OrganisationFactory)
    term = factory.Sequence(lambda n: f"lukukausi {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    amount = Decimal("1000.00")


class SubstituteSpendFactory(DjangoModelFactory):
    """120 € of substitute spend today, proposed and waiting for a decision."""

    class Meta:
        model = SubstituteSpend

    budget = factory.SubFactory(SubstituteBudgetFactory)
    date = factory.LazyFunction(timezone.localdate)
    amount = Decimal("120.00")
    description = "Sijainen 2 tuntia"
    created_by = factory.SubFactory(UserFactory)
    status = SubstituteSpend.Status.PROPOSED

    class Params:
        approved = factory.Trait(status=SubstituteSpend.Status.APPROVED)
        rejected = factory.Trait(status=SubstituteSpend.Status.REJECTED)
