"""Who may write on a participant's own page (goals, the followed case, case notes): the
participant alone — not another participant, their principal, the trainer or the
coordinator."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.participation_setup import course, elsewhere
from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.programmes.models import CaseNote, Participant

URL_NAME = "programmes:me"
GOALS = {"action": "goals", "goals": "Oppia ohjaamaan.", "case_description": "Asiakas A"}
NOTE = {"action": "note", "text": "Asiakas A aloitti työkokeilun."}


def test_the_participant_saves_goals_and_a_case_note(client, world):
    c = course(world)
    url = reverse(URL_NAME, args=[c.programme.pk])
    assert post_as(client, world, "member", url, GOALS).status_code == 302
    assert Participant._default_manager.get(pk=c.member.pk).case_description == "Asiakas A"
    assert post_as(client, world, "member", url, NOTE).status_code == 302
    assert CaseNote.objects.get().participant_id == c.member.pk


@pytest.mark.parametrize("body", [GOALS, NOTE])
@pytest.mark.parametrize(
    "role", ["tutor", "coordinator", "admin", "manager", "coach", "outsider", "nobody"]
)
def test_no_one_else_writes_there(client, world, role, body):
    # Their own page: whoever is not a participant of the programme has none.
    url = reverse(URL_NAME, args=[course(world).programme.pk])
    assert_refused(post_changing_nothing(client, world, role, url, body), 404)


def test_another_organisations_programme_is_not_found(client, world):
    url = reverse(URL_NAME, args=[elsewhere(world).programme.pk])
    assert_refused(post_changing_nothing(client, world, "member", url, GOALS), 404)


def test_a_participant_who_left_reads_but_writes_nothing(client, world):
    c = course(world)
    Participant._default_manager.filter(pk=c.member.pk).update(
        status=Participant.Status.LEFT, leave_reason="no_time"
    )
    url = reverse(URL_NAME, args=[c.programme.pk])
    assert_refused(post_changing_nothing(client, world, "member", url, NOTE), 403)


def test_anonymous_is_sent_to_log_in(client, world):
    url = reverse(URL_NAME, args=[course(world).programme.pk])
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", url, GOALS))
