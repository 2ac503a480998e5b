"""Who may write the info letter: the organiser's coordinators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.participation_setup import course, elsewhere
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Programme

URL_NAME = "programmes:info_letter"
BODY = {"text": "Tervetuloa! Ensimmäinen tapaaminen on Työpajalla."}


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_coordinator_writes_the_letter(client, world, role):
    c = course(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[c.programme.pk]), BODY)
    assert response.status_code == 302
    assert Programme._default_manager.get(pk=c.programme.pk).info_letter == BODY["text"]


@pytest.mark.parametrize("role", ["tutor", "manager", "member", "coach", "outsider"])
def test_trainers_participants_and_others_who_see_it_may_not(client, world, role):
    url = reverse(URL_NAME, args=[course(world).programme.pk])
    assert_refused(post_changing_nothing(client, world, role, url, BODY), 403)


def test_someone_who_does_not_see_the_programme_gets_404(client, world):
    url = reverse(URL_NAME, args=[course(world).programme.pk])
    assert_refused(post_changing_nothing(client, world, "nobody", url, BODY), 404)


def test_oulus_coordinator_cannot_write_another_organisations_letter(client, world):
    url = reverse(URL_NAME, args=[elsewhere(world).programme.pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url, BODY), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[course(world).programme.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, BODY))
