"""Who may correct a supervision note: its author, while they coach the running path. The
person reads it but may not change it; the principal and the coordinator see the path but
not the note (404); others do not find it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.paths.coach_setup import SHORT, coached, elsewhere, fresh, note_on
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.paths.models import PersonPath, SupervisionNote

URL_NAME = "paths:note_edit"


def body(note):
    return {
        "person_step": str(note.person_step_id),
        "held_on": timezone.localdate().isoformat(),
        "duration_minutes": "40",
        "problems": "Korjattu kuvaus tilanteesta.",
    }


def test_the_author_corrects_it(client, world):
    note = note_on(coached(world))
    response = post_as(client, world, "coach", reverse(URL_NAME, args=[note.pk]), body(note))
    assert response.status_code == 302
    fixed = SupervisionNote.objects.get(pk=note.pk)
    assert (fixed.problems, fixed.duration_minutes) == ("Korjattu kuvaus tilanteesta.", 40)


def test_the_person_reads_it_but_may_not_change_it(client, world):
    note = note_on(coached(world))
    url = reverse(URL_NAME, args=[note.pk])
    assert_refused(post_changing_nothing(client, world, "member", url, body(note)), 403)


@pytest.mark.parametrize("role", ["coordinator", "manager", "admin", "tutor", "outsider", "nobody"])
def test_others_do_not_find_it(client, world, role):
    note = note_on(coached(world))
    url = reverse(URL_NAME, args=[note.pk])
    assert_refused(post_changing_nothing(client, world, role, url, body(note)), 404)


def test_a_coach_of_another_organisation_does_not_find_it(client, world):
    note = note_on(elsewhere(world))
    url = reverse(URL_NAME, args=[note.pk])
    assert_refused(post_changing_nothing(client, world, "coach", url, body(note)), 404)


def test_the_author_no_longer_corrects_it_once_the_path_stopped(client, world):
    c = coached(world)
    note = note_on(c)
    PersonPath.internal_objects.filter(pk=c.path.pk).update(status="stopped")
    url = reverse(URL_NAME, args=[note.pk])
    assert_refused(post_changing_nothing(client, world, "coach", url, body(note)), 403)


def test_anonymous_is_sent_to_log_in(client, world):
    note = note_on(coached(world))
    url = reverse(URL_NAME, args=[note.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, body(note)))


def test_the_step_stays_as_it_was(client, world):
    c = coached(world)
    note = note_on(c)
    post_as(client, world, "coach", reverse(URL_NAME, args=[note.pk]), body(note))
    assert fresh(c.step(SHORT)).done_on is None
