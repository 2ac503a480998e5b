"""A page about one survey reads it by its key and keeps it when a check in memory says the
person surely sees it (``Survey.objects.shown``): that check must never show a survey the
visibility rule hides, and everyone else must get what the rule gives."""

from __future__ import annotations

import pytest

from tests.factories import MembershipFactory
from tests.surveys.factories import SurveyFactory
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Role
from tutori.surveys.models import Survey
from tutori.surveys.permissions import surely_visible

pytestmark = pytest.mark.django_db

PEOPLE = ("admin", "coordinator", "manager", "tutor", "coach", "member", "outsider", "nobody")


@pytest.fixture
def surveys(world):
    """Every kind of survey in every kind of place of the small world."""
    made = []
    for organisation in (world.oulu, world.school_a, world.school_b, world.kemi, world.school_k):
        for status in Survey.Status.values:
            made.append(SurveyFactory(organisation=organisation, status=status))
        made.append(SurveyFactory(organisation=organisation, instrument=True))
    made.append(SurveyFactory(organisation=None, instrument=True))
    # A coordinator of a school (not of the municipality) sees the school's surveys too.
    MembershipFactory(user=world.member, organisation=world.school_b, role=Role.COORDINATOR)
    return made


def test_the_check_in_memory_never_shows_what_the_rule_hides(world, surveys):
    for name in PEOPLE:
        person = getattr(world, name)
        visible = set(Survey.objects.visible_to(person).values_list("pk", flat=True))
        for survey in surveys:
            with scopes_disabled():
                survey = Survey.objects.select_related("organisation").get(pk=survey.pk)
            if surely_visible(person, survey):
                assert survey.pk in visible, (name, survey.organisation, survey.status)


def test_shown_gives_what_the_rule_gives(world, surveys):
    for name in PEOPLE:
        person = getattr(world, name)
        visible = set(Survey.objects.visible_to(person).values_list("pk", flat=True))
        for survey in surveys:
            found = Survey.objects.shown(
                person,
                survey.pk,
                sees=surely_visible,
                related=("organisation",),
            )
            assert (found is not None) == (survey.pk in visible), (name, survey.pk)
    assert Survey.objects.shown(world.admin, 10**9, sees=lambda user, row: True) is None


def test_shown_keeps_the_filters(world):
    instrument = SurveyFactory(organisation=world.oulu, instrument=True)

    assert (
        Survey.objects.shown(
            world.coordinator, instrument.pk, sees=surely_visible, is_instrument=False
        )
        is None
    )
    assert Survey.objects.shown(world.coordinator, instrument.pk, sees=surely_visible) is not None


def test_a_principal_of_a_school_sees_the_municipalitys_open_survey_not_its_draft(world):
    open_survey = SurveyFactory(organisation=world.oulu, open=True)
    draft = SurveyFactory(organisation=world.oulu)

    assert surely_visible(world.manager, open_survey)
    assert not surely_visible(world.manager, draft)
    assert not surely_visible(world.tutor, open_survey)
    assert Survey.objects.shown(world.manager, open_survey.pk, sees=surely_visible) is not None
    assert Survey.objects.shown(world.manager, draft.pk, sees=surely_visible) is None


def test_an_organisation_shown_is_what_the_rule_shows(world):
    """The school plan reads its school the same way, with ``can_view_organisation`` as the
    check in memory."""
    from tutori.access.permissions import can_view_organisation
    from tutori.orgs.models import Organisation

    places = (world.oulu, world.school_a, world.school_b, world.kemi, world.school_k)
    for name in PEOPLE:
        person = getattr(world, name)
        visible = set(Organisation.objects.visible_to(person).values_list("pk", flat=True))
        for place in places:
            if can_view_organisation(person, place):
                assert place.pk in visible, (name, place)
            found = Organisation.objects.shown(person, place.pk, sees=can_view_organisation)
            assert (found is not None) == (place.pk in visible), (name, place)
