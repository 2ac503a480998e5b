"""Set-up shared by the permission tests of applications: a programme of an organisation
outside Oulu and its network (whose people Oulu's do not see)."""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.programmes.applications_setup import applicant, open_programme
from tutori.programmes.models import Participant, Programme


def elsewhere(w: World) -> tuple[Programme, Participant]:
    """Rovaniemi's open programme and the application of one of its teachers."""
    rovaniemi = OrganisationFactory(name="Rovaniemi", municipality=True)
    teacher = UserFactory()
    MembershipFactory(user=teacher, organisation=rovaniemi)
    programme = open_programme(w, name="Rovaniemen koulutus")
    Programme._default_manager.filter(pk=programme.pk).update(organisation=rovaniemi)
    programme.organisation = rovaniemi
    return programme, applicant(programme, teacher, rovaniemi)


def body(**fields: Any) -> dict[str, Any]:
    return fields
