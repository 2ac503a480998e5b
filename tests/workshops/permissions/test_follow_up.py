"""Who may turn a theme of a workshop's result into follow-up work: the workshop's
facilitators (a task for anyone of them; a topic or a survey question where the target app
allows it, for a coordinator)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.workshops.results_setup import puimala
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.workshops.models import FollowUp

URL_NAME = "workshops:follow_up"


def _url(theme) -> str:  # type: ignore[no-untyped-def]
    return reverse(URL_NAME, args=[theme.pk])


def _task(world) -> dict[str, object]:  # type: ignore[no-untyped-def]
    due = timezone.localdate() + timedelta(days=14)
    return {"title": "Jatkotyö", "owner": world.tutor.pk, "due_on": due.isoformat()}


@pytest.mark.parametrize("role", ["tutor", "coordinator", "admin"])
def test_a_facilitator_gives_a_task(client, world, role):
    theme = puimala(world, organisation=world.school_a).themes["Nimikkotutor"]
    response = post_as(client, world, role, _url(theme), _task(world))
    assert response.status_code == 302
    assert FollowUp._default_manager.filter(theme=theme, kind="task").count() == 1


def test_the_coordinator_makes_a_topic(client, world):
    theme = puimala(world, organisation=world.school_a).themes["Nimikkotutor"]
    response = post_as(client, world, "coordinator", _url(theme), {"target": "tutoring.topic"})
    assert response.status_code == 302
    assert FollowUp._default_manager.filter(theme=theme, kind="topic").count() == 1


def test_a_tutor_may_not_make_a_topic(client, world):
    theme = puimala(world, organisation=world.school_a).themes["Nimikkotutor"]
    response = post_changing_nothing(
        client, world, "tutor", _url(theme), {"target": "tutoring.topic"}
    )
    assert_refused(response, 403)


@pytest.mark.parametrize("role", ["manager", "member"])
def test_readers_of_the_result_are_refused(client, world, role):
    theme = puimala(world, organisation=world.school_a).themes["Nimikkotutor"]
    assert_refused(post_changing_nothing(client, world, role, _url(theme), _task(world)), 403)


@pytest.mark.parametrize("role", ["coach", "nobody", "outsider"])
def test_others_do_not_find_it(client, world, role):
    theme = puimala(world, organisation=world.school_a).themes["Nimikkotutor"]
    assert_refused(post_changing_nothing(client, world, role, _url(theme), _task(world)), 404)


def test_another_municipalitys_workshop_is_not_found(client, world):
    theme = puimala(world, organisation=world.kemi, created_by=world.outsider).themes[
        "Nimikkotutor"
    ]
    assert_refused(
        post_changing_nothing(client, world, "coordinator", _url(theme), _task(world)), 404
    )


def test_anonymous_is_sent_to_log_in(client, world):
    theme = puimala(world, organisation=world.school_a).themes["Nimikkotutor"]
    assert_sent_to_login(
        post_changing_nothing(client, world, "anonymous", _url(theme), _task(world))
    )
