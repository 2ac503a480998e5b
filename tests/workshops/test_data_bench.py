"""Part W4 (data): the benchmark's workshop scenarios name real pages, find their targets in
a generated database (adding the workshops to one generated before workshops existed), and
each page answers its login as the scenario expects (the poll with the current stamp: 204,
nothing changed); the vote write's workshop is made once and emptied on each run."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import resolve

from bench import workshop_writes
from bench.scenarios import SCENARIOS, targets
from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Phase, Vote, Workshop, WorkshopParticipant, WorkshopQuestion

pytestmark = pytest.mark.django_db

EXPECTED = {
    "workshop participant's page": "workshops:take_part",
    "workshop poll, no change": "workshops:take_part_live",
    "workshop results": "workshops:results",
    "workshop results PDF": "workshops:results_export",
}
SCENES = [s for s in SCENARIOS if s.name in EXPECTED]


def test_every_workshop_scenario_resolves_to_its_url_name():
    assert len(SCENES) == len(EXPECTED)
    for scenario in SCENES:
        path = scenario.path.format(
            workshop=1, workshop_live=2, workshop_question=3, workshop_stamp="ideas.0"
        )
        assert resolve(path.partition("?")[0]).view_name == EXPECTED[scenario.name], scenario.name


def _pages_answer(client, found):
    for scenario in SCENES:
        client.force_login(User.objects.get(email=f"{scenario.login}@bench.tutori.fi"))
        response = client.get(scenario.path.format(**found))
        assert response.status_code == scenario.expect, (scenario.name, response.status_code)


def test_targets_of_a_generated_database_and_the_pages_answer(client, capsys):
    call_command("generate", "--scale", "small")
    with scopes_disabled():  # as bench/run.py reads them, outside a request
        found = targets()
        closed = Workshop.objects.get(pk=found["workshop"])
        assert closed.status == Workshop.Status.CLOSED
        assert closed.created_by.email == "coordinator@bench.tutori.fi"
        question = WorkshopQuestion.objects.get(pk=found["workshop_question"])
        assert question.workshop_id == found["workshop_live"]
        assert question.phase == Phase.IDEAS
    _pages_answer(client, found)


def test_an_older_database_gets_the_workshops_added(client, capsys):
    call_command("generate", "--scale", "small")
    with scopes_disabled():
        Workshop.objects.all().delete()
        found = targets()
        assert Workshop.objects.count() == 3
        assert WorkshopParticipant.objects.filter(
            workshop_id=found["workshop_live"], user__email="member@bench.tutori.fi"
        ).exists()
    _pages_answer(client, found)


def test_the_vote_writes_workshop_is_made_once_and_emptied(capsys):
    call_command("generate", "--scale", "small")
    first = workshop_writes.prepare(4)
    assert len(first["people"]) == 4 and len(first["themes"]) == workshop_writes.THEMES
    with scopes_disabled():
        participant = WorkshopParticipant.objects.filter(workshop_id=first["workshop"]).first()
        Vote.objects.create(
            participant=participant,
            question_id=first["question"],
            theme_id=first["themes"][0],
            slot=1,
            theme_slot=1,
        )
    again = workshop_writes.prepare(4)
    assert again == first
    with scopes_disabled():
        assert not Vote.objects.filter(question_id=first["question"]).exists()
        assert WorkshopParticipant.objects.filter(workshop_id=first["workshop"]).count() == 4
        workshop = Workshop.objects.get(pk=first["workshop"])
        assert (workshop.status, workshop.votes_per_participant, workshop.votes_per_theme) == (
            Workshop.Status.OPEN,
            workshop_writes.VOTES,
            workshop_writes.PER_THEME,
        )
