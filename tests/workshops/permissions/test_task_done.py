"""Who may mark a workshop's task done: its owner and the workshop's facilitators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workshops.results_setup import puimala
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.workshops.models import FollowUp

URL_NAME = "workshops:task_done"


def _task(world, organisation=None, owner=None, by=None) -> FollowUp:  # type: ignore[no-untyped-def]
    made = puimala(
        world, organisation=organisation or world.school_a, created_by=by or world.coordinator
    )
    return FollowUp.objects.create(
        theme=made.themes["Nimikkotutor"],
        kind=FollowUp.Kind.TASK,
        title="Nimikkotutorit kouluille",
        owner=owner or world.coach,
        created_by=world.coordinator,
    )


@pytest.mark.parametrize("role", ["coach", "tutor", "coordinator", "admin"])
def test_the_owner_or_a_facilitator_marks_it_done(client, world, role):
    task = _task(world)
    response = post_as(client, world, role, reverse(URL_NAME, args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done


@pytest.mark.parametrize("role", ["manager", "member"])
def test_readers_of_the_workshop_are_refused(client, world, role):
    task = _task(world)
    assert_refused(
        post_changing_nothing(client, world, role, reverse(URL_NAME, args=[task.pk])), 403
    )


@pytest.mark.parametrize("role", ["nobody", "outsider"])
def test_others_do_not_find_it(client, world, role):
    task = _task(world)
    assert_refused(
        post_changing_nothing(client, world, role, reverse(URL_NAME, args=[task.pk])), 404
    )


def test_another_municipalitys_task_is_not_found(client, world):
    task = _task(world, organisation=world.kemi, owner=world.outsider, by=world.outsider)
    url = reverse(URL_NAME, args=[task.pk])
    assert_refused(post_changing_nothing(client, world, "coordinator", url), 404)


def test_anonymous_is_sent_to_log_in(client, world):
    task = _task(world)
    url = reverse(URL_NAME, args=[task.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url))
