"""factory-boy factories with named states: a test says what is special about its data."""

from __future__ import annotations

import factory
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
