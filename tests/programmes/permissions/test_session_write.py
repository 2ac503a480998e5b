"""Who may add, change, cancel and delete a programme's sessions: the organiser's
coordinators (the programme's trainers see the sessions but do not plan them)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.permissions.plan_cases import (
    DO_NOT_SEE_A_DRAFT,
    first_session,
    oulus_draft,
    oulus_published,
    rovaniemis_programme,
    session_body,
)
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import Session

URL_NAMES = [
    "programmes:session_new",
    "programmes:session_edit",
    "programmes:session_cancel",
    "programmes:session_delete",
]


def _url_and_body(world, name, programme):
    if name == "programmes:session_new":
        return reverse(name, args=[programme.pk]), session_body(world)
    session = first_session(programme)
    body = {"programmes:session_edit": session_body(world, title="Muutettu")}.get(
        name, {"reason": "Sairastuminen"}
    )
    return reverse(name, args=[session.pk]), body


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_plans_the_sessions(client, world, name, role):
    programme = oulus_draft(world)
    url, body = _url_and_body(world, name, programme)
    response = post_as(client, world, role, url, body)
    assert response.status_code == 302
    sessions = list(Session._default_manager.filter(programme=programme))
    if name == "programmes:session_new":
        assert len(sessions) == 2
    elif name == "programmes:session_edit":
        assert sessions[0].title == "Muutettu"
    elif name == "programmes:session_cancel":
        assert sessions[0].is_cancelled
    else:
        assert sessions == []


@pytest.mark.parametrize("name", URL_NAMES)
def test_the_trainer_may_not(client, world, name):
    url, body = _url_and_body(world, name, oulus_draft(world))
    assert_refused(post_changing_nothing(client, world, "tutor", url, body), 403)


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", ["member", "manager", "outsider"])
def test_people_who_see_a_published_programme_may_not(client, world, name, role):
    url, body = _url_and_body(world, name, oulus_published(world))
    assert_refused(post_changing_nothing(client, world, role, url, body), 403)


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", DO_NOT_SEE_A_DRAFT)
def test_others_do_not_find_a_draft(client, world, name, role):
    url, body = _url_and_body(world, name, oulus_draft(world))
    assert_refused(post_changing_nothing(client, world, role, url, body), 404)


@pytest.mark.parametrize("name", URL_NAMES)
def test_oulus_coordinator_cannot_plan_another_organisations_sessions(client, world, name):
    url, body = _url_and_body(world, name, rovaniemis_programme())
    assert_refused(post_changing_nothing(client, world, "coordinator", url, body), 404)


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_is_sent_to_log_in(client, world, name):
    url, body = _url_and_body(world, name, oulus_draft(world))
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, body))
