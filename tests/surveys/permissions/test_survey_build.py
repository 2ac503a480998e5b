"""Who may change a survey, its sections and questions, copy it or save it as an instrument:
the coordinators of its organisation (and above) and platform admins. Koulu A's principal, who
follows Oulu's surveys, may not; Kemi's coordinator does not find Oulu's draft; Oulu's
coordinator does not find Kemi's."""

from __future__ import annotations

import pytest

from tests.surveys.permissions.builder_cases import WRITES, draft
from tests.writes import (
    assert_refused,
    assert_sent_to_login,
    database_state,
    post_as,
    post_changing_nothing,
)

URL_NAMES = sorted(WRITES)


@pytest.fixture
def oulu_draft(world):  # type: ignore[no-untyped-def]
    return draft(world.oulu, "Oulun luonnos")


@pytest.fixture
def kemi_draft(world):  # type: ignore[no-untyped-def]
    return draft(world.kemi, "Kemin luonnos")


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_changes_oulus_survey(client, world, oulu_draft, name, role):
    write = WRITES[name]
    url, body = write.url(oulu_draft), write.body(oulu_draft)
    before = database_state()
    response = post_as(client, world, role, url, body)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:  # the drag's JSON answer
        assert response.json()["ok"]
    assert database_state() != before, f"{name} changed nothing"


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", ["member", "tutor", "coach", "nobody", "manager"])
def test_others_in_oulu_do_not_find_the_draft(client, world, oulu_draft, name, role):
    write = WRITES[name]
    response = post_changing_nothing(
        client, world, role, write.url(oulu_draft), write.body(oulu_draft)
    )
    assert_refused(response, 404)


@pytest.mark.parametrize("name", URL_NAMES)
def test_the_principal_may_not_change_a_sent_survey_they_follow(client, world, oulu_draft, name):
    oulu_draft.status = "open"
    oulu_draft.save()
    write = WRITES[name]
    response = post_changing_nothing(
        client, world, "manager", write.url(oulu_draft), write.body(oulu_draft)
    )
    assert_refused(response, 403)


@pytest.mark.parametrize("name", URL_NAMES)
def test_another_municipalitys_coordinator_does_not_find_the_survey(
    client, world, oulu_draft, kemi_draft, name
):
    write = WRITES[name]
    response = post_changing_nothing(
        client, world, "outsider", write.url(oulu_draft), write.body(oulu_draft)
    )
    assert_refused(response, 404)
    response = post_changing_nothing(
        client, world, "coordinator", write.url(kemi_draft), write.body(kemi_draft)
    )
    assert_refused(response, 404)


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_is_sent_to_log_in(client, world, oulu_draft, name):
    write = WRITES[name]
    response = post_changing_nothing(
        client, world, "anonymous", write.url(oulu_draft), write.body(oulu_draft)
    )
    assert_sent_to_login(response)
