"""Who may record a supervision conversation on a path: its coach, while the path runs — not
the coordinator (who runs its steps), the principal, the person, nor a coach of another
organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.paths.coach_setup import SHORT, coached, elsewhere, fresh
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.paths.models import PersonPath, SupervisionNote

URL_NAME = "paths:supervision_new"


def body(c):
    return {
        "person_step": str(c.step(SHORT).pk),
        "held_on": timezone.localdate().isoformat(),
        "duration_minutes": "30",
        "problems": "Ryhmässä oli riitatilanne.",
        "mark_done": "on",
    }


def test_the_coach_records_it(client, world):
    c = coached(world)
    response = post_as(client, world, "coach", reverse(URL_NAME, args=[c.path.pk]), body(c))
    assert response.status_code == 302
    assert SupervisionNote.objects.filter(path=c.path, author=world.coach).count() == 1
    assert fresh(c.step(SHORT)).done_on == timezone.localdate()


@pytest.mark.parametrize("role", ["coordinator", "admin", "manager", "member"])
def test_those_who_see_the_path_may_not(client, world, role):
    c = coached(world)
    url = reverse(URL_NAME, args=[c.path.pk])
    assert_refused(post_changing_nothing(client, world, role, url, body(c)), 403)


@pytest.mark.parametrize("role", ["tutor", "outsider", "nobody"])
def test_others_do_not_find_it(client, world, role):
    c = coached(world)
    url = reverse(URL_NAME, args=[c.path.pk])
    assert_refused(post_changing_nothing(client, world, role, url, body(c)), 404)


def test_a_coach_of_another_organisation_does_not_find_it(client, world):
    c = elsewhere(world)
    url = reverse(URL_NAME, args=[c.path.pk])
    assert_refused(post_changing_nothing(client, world, "coach", url, body(c)), 404)


def test_nothing_is_recorded_on_a_stopped_path(client, world):
    c = coached(world)
    PersonPath.internal_objects.filter(pk=c.path.pk).update(status="stopped")
    url = reverse(URL_NAME, args=[c.path.pk])
    assert_refused(post_changing_nothing(client, world, "coach", url, body(c)), 403)


def test_anonymous_is_sent_to_log_in(client, world):
    c = coached(world)
    url = reverse(URL_NAME, args=[c.path.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, body(c)))
