"""Who may decide on an application (accept, waitlist, decline): the organiser's
coordinators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.applications_setup import applicant, open_programme
from tests.programmes.permissions.applications_cases import elsewhere
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Participant

URL_NAME = "programmes:application"
ACCEPT = {"decision": "accept", "message": "Tervetuloa!"}


def teachers_application(world):  # type: ignore[no-untyped-def]
    return applicant(open_programme(world), world.member, world.school_a)


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_accepts(client, world, role):
    p = teachers_application(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[p.pk]), ACCEPT)
    assert response.status_code == 302
    assert Participant._default_manager.get(pk=p.pk).status == Participant.Status.ENROLLED
    assert p.programme.__class__._default_manager.get(pk=p.programme_id).enrolled == 1


@pytest.mark.parametrize("role", ["manager", "member"])
def test_the_principal_and_the_applicant_see_it_but_may_not_decide(client, world, role):
    p = teachers_application(world)
    url = reverse(URL_NAME, args=[p.pk])
    assert_refused(post_changing_nothing(client, world, role, url, ACCEPT), 403)


@pytest.mark.parametrize("role", ["tutor", "coach", "nobody", "outsider"])
def test_people_who_do_not_see_the_application_get_404(client, world, role):
    p = teachers_application(world)
    url = reverse(URL_NAME, args=[p.pk])
    assert_refused(post_changing_nothing(client, world, role, url, ACCEPT), 404)


def test_oulus_coordinator_cannot_decide_on_another_organisations_application(client, world):
    _programme, p = elsewhere(world)
    url = reverse(URL_NAME, args=[p.pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url, ACCEPT), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[teachers_application(world).pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, ACCEPT))
