"""Who may confirm completions: the organiser's coordinators (and platform admins)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.permissions.completion_cases import elsewhere, ready_teacher
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Participant

URL_NAME = "programmes:completion"


def data(p):  # type: ignore[no-untyped-def]
    return {"participants": [p.pk], "confirmed": "1"}


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_confirms(client, world, role):
    p = ready_teacher(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[p.programme_id]), data(p))
    assert response.status_code == 302
    done = Participant._default_manager.get(pk=p.pk)
    assert done.status == Participant.Status.COMPLETED and done.certificate_code


def test_without_confirmation_it_asks_first(client, world):
    p = ready_teacher(world)
    url = reverse(URL_NAME, args=[p.programme_id])
    response = post_changing_nothing(client, world, "coordinator", url, {"participants": [p.pk]})
    assert response.status_code == 200
    assert "Vahvistetaanko suoritukset?" in response.content.decode()


@pytest.mark.parametrize("role", ["member", "tutor", "coach", "manager", "outsider"])
def test_people_who_see_the_programme_may_not(client, world, role):
    p = ready_teacher(world)
    url = reverse(URL_NAME, args=[p.programme_id])
    assert_refused(post_changing_nothing(client, world, role, url, data(p)), 403)


def test_a_trainer_may_not(client, world):
    p = ready_teacher(world)
    p.programme.trainers.add(world.tutor)
    url = reverse(URL_NAME, args=[p.programme_id])
    assert_refused(post_changing_nothing(client, world, "tutor", url, data(p)), 403)


def test_nobody_does_not_find_it(client, world):
    p = ready_teacher(world)
    url = reverse(URL_NAME, args=[p.programme_id])
    assert_refused(post_changing_nothing(client, world, "nobody", url, data(p)), 404)


def test_oulus_coordinator_cannot_confirm_in_kemis_programme(client, world):
    p = elsewhere(world)
    url = reverse(URL_NAME, args=[p.programme_id])
    assert_refused(post_changing_nothing(client, world, "coordinator", url, data(p)), 403)


def test_a_participant_of_another_programme_is_refused_with_a_message(client, world):
    p, other = ready_teacher(world), elsewhere(world)
    url = reverse(URL_NAME, args=[p.programme_id])
    response = post_changing_nothing(client, world, "coordinator", url, data(other))
    assert response.status_code == 400
    assert "Valitse uudelleen" in response.content.decode()


def test_anonymous_is_sent_to_log_in(client, world):
    p = ready_teacher(world)
    url = reverse(URL_NAME, args=[p.programme_id])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, data(p)))
