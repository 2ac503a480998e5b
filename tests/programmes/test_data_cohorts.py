"""Part E (data): a programme's cohort as a survey's audience (issue 13). Programmes offer
their cohorts through core.registry.CohortSource; surveys' audience form and sending use them
without importing programmes. Only the coordinators who manage a programme see its cohort;
the people holding a place (enrolled, completed) with an address get the survey once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from tests.programmes.factories import ParticipantFactory, ProgrammeFactory
from tests.surveys.sending import ready_survey, recipients, send_now
from tutori.core import registry
from tutori.core.errors import PermissionDeniedError
from tutori.core.scoping import scopes_disabled
from tutori.programmes import cohorts
from tutori.programmes.models import Participant, Programme
from tutori.surveys.services import distribution as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(world):
    """A published programme of Oulu: two enrolled, one completed, one who left, one
    applicant, one enrolled without an address, one enrolled who is also a member of
    Koulu A."""
    programme = ProgrammeFactory(
        organisation=world.oulu, name="Työvalmentajakoulutus", published=True
    )
    status = Participant.Status
    people = {
        "enrolled1": (UserFactory(email="osallistuja1@example.fi"), status.ENROLLED),
        "enrolled2": (UserFactory(email="osallistuja2@example.fi"), status.ENROLLED),
        "completed": (UserFactory(email="suorittanut@example.fi"), status.COMPLETED),
        "left": (UserFactory(email="keskeyttanyt@example.fi"), status.LEFT),
        "applied": (UserFactory(email="hakija@example.fi"), status.APPLIED),
        "no_address": (UserFactory(email=None), status.ENROLLED),
        "member": (world.member, status.ENROLLED),
    }
    with scopes_disabled():
        for person, state in people.values():
            ParticipantFactory(
                programme=programme, person=person, organisation=world.school_a, status=state
            )
    return programme


def test_programmes_declare_a_cohort_source(cohort):
    keys = [source.key for source in registry.cohort_sources()]
    assert keys.count("programmes") == 1  # other apps may declare their own


def test_only_the_managing_coordinator_sees_the_cohort(world, cohort):
    draft = ProgrammeFactory(organisation=world.oulu, name="Luonnos")
    ids = [pk for pk, _label in cohorts.cohorts(world.coordinator)]
    assert str(cohort.pk) in ids and str(draft.pk) not in ids
    label = dict(cohorts.cohorts(world.coordinator))[str(cohort.pk)]
    assert label.startswith("Työvalmentajakoulutus (") and label.endswith(")")
    # a member, a manager, another municipality's coordinator: none
    for person in (world.member, world.manager, world.outsider):
        assert cohorts.cohorts(person) == []
    assert str(cohort.pk) in [pk for pk, _label in cohorts.cohorts(world.admin)]


def test_members_are_those_holding_a_place(world, cohort):
    with scopes_disabled():
        holding = set(
            Participant.objects.filter(
                programme=cohort, status__in=Participant.HOLDING
            ).values_list("person_id", flat=True)
        )
    assert set(cohorts.members(str(cohort.pk))) == holding
    assert len(holding) == 5
    assert cohorts.members("x1") == [] and cohorts.members("999999") == []


def test_a_cohort_audience_sends_once_to_each_address(
    world, cohort, django_capture_on_commit_callbacks
):
    survey = ready_survey(world)
    key = f"programmes:{cohort.pk}"
    assert (key, dict(cohorts.cohorts(world.coordinator))[str(cohort.pk)]) in (
        services.audience_cohorts(user=world.coordinator)
    )
    services.survey_audience_set(
        by=world.coordinator,
        survey=survey,
        organisations=[world.school_a],
        include_descendants=False,
        roles=[],
        cohorts=[key],
    )
    assert services.chosen_cohorts(survey) == [key]
    assert services.audience_list_size(survey) == 0
    assert send_now(survey, world.coordinator, django_capture_on_commit_callbacks)
    sent = sorted(address for m in mail.outbox for address in m.to)
    expected = {
        "osallistuja1@example.fi",
        "osallistuja2@example.fi",
        "suorittanut@example.fi",
    }
    assert expected <= set(sent)
    assert len(sent) == len(set(sent))  # the member of Koulu A in the cohort: one mail
    assert "opettaja@example.fi" in sent
    assert not {"keskeyttanyt@example.fi", "hakija@example.fi"} & set(sent)
    rows = {r.email: r for r in recipients(survey)}
    assert rows["osallistuja1@example.fi"].person_id is not None


def test_an_upload_and_the_cohort_are_kept_apart(world, cohort):
    survey = ready_survey(world)
    key = f"programmes:{cohort.pk}"
    upload = [
        {"email": "osallistuja1@example.fi", "name": "Listalta", "language": ""},
        {"email": "ulkopuolinen@example.fi", "name": "", "language": "sv"},
    ]
    services.survey_audience_set(
        by=world.coordinator,
        survey=survey,
        organisations=[],
        include_descendants=False,
        roles=[],
        list_rows=upload,
        cohorts=[key],
    )
    emails = [row["email"] for row in survey.audience_list]
    assert len(emails) == len(set(emails)) == 5  # 2 listed + 3 more of the cohort
    assert services.audience_list_size(survey) == 2
    # clearing the uploaded list keeps the cohort; choosing no cohort keeps the list
    services.survey_audience_set(
        by=world.coordinator,
        survey=survey,
        organisations=[],
        include_descendants=False,
        roles=[],
        clear_list=True,
    )
    assert services.audience_list_size(survey) == 0 and services.chosen_cohorts(survey) == [key]
    services.survey_audience_set(
        by=world.coordinator,
        survey=survey,
        organisations=[],
        include_descendants=False,
        roles=[],
        cohorts=[],
    )
    assert survey.audience_list == []


def test_a_cohort_the_person_does_not_manage_is_refused(world, cohort):
    other = ProgrammeFactory(organisation=world.kemi, published=True)
    survey = ready_survey(world)
    with pytest.raises(PermissionDeniedError):
        services.survey_audience_set(
            by=world.coordinator,
            survey=survey,
            organisations=[],
            include_descendants=False,
            roles=[],
            cohorts=[f"programmes:{other.pk}"],
        )
    survey.refresh_from_db()
    assert survey.audience_list == []


def test_the_audience_page_offers_and_saves_the_cohort(client, world, cohort):
    survey = ready_survey(world)
    client.force_login(world.coordinator)
    url = reverse("surveys:audience", args=[survey.pk])
    page = client.get(url).content.decode()
    assert "Koulutusten osallistujat" in page and "Työvalmentajakoulutus" in page
    response = client.post(
        url,
        {"organisations": [world.school_a.pk], "cohorts": [f"programmes:{cohort.pk}"]},
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert services.chosen_cohorts(survey) == [f"programmes:{cohort.pk}"]
    again = client.get(url)
    assert again.context["form"]["cohorts"].value() == [f"programmes:{cohort.pk}"]
    sending = client.get(reverse("surveys:distribution", args=[survey.pk])).content.decode()
    assert "Koulutusten osallistujat: 4 osoitetta" in sending
    detail = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert "koulutusten osallistujat, 4 henkilöä" in detail and "ladattu lista" not in detail
    # a cohort that is not offered: a clear message, nothing saved
    bad = client.post(url, {"organisations": [world.school_a.pk], "cohorts": ["programmes:0"]})
    assert bad.status_code == 200 and bad.context["form"].errors["cohorts"]


def test_without_cohorts_the_audience_page_has_no_cohort_field(client, world):
    with scopes_disabled():
        Programme.objects.all().delete()
    survey = ready_survey(world)
    client.force_login(world.coordinator)
    page = client.get(reverse("surveys:audience", args=[survey.pk])).content.decode()
    assert "Koulutusten osallistujat" not in page
