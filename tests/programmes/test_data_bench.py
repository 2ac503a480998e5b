"""Part E (data): the benchmark's programme scenarios name real pages, find their targets in
a generated database (adding the programmes to one generated before programmes existed), and
each page answers its login with 200."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import resolve

from bench.scenarios import SCENARIOS, targets
from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.generate import NATIONAL_NAME
from tutori.programmes.models import Participant, Programme

pytestmark = pytest.mark.django_db

EXPECTED = {
    "programme list": "programmes:list",
    "a programme's page": "programmes:detail",
    "a programme's timetable": "programmes:timetable",
    "session attendance": "programmes:attendance",
    "my programmes": "programmes:my",
    "my page in a programme": "programmes:me",
}
SCENES = [s for s in SCENARIOS if s.name in EXPECTED]


def test_every_programme_scenario_resolves_to_its_url_name():
    assert len(SCENES) == len(EXPECTED)
    for scenario in SCENES:
        path = scenario.path.format(programme=1, programme_session=2)
        assert resolve(path).view_name == EXPECTED[scenario.name], scenario.name


def _pages_answer(client, found):
    for scenario in SCENES:
        client.force_login(User.objects.get(email=f"{scenario.login}@bench.tutori.fi"))
        response = client.get(scenario.path.format(**found))
        assert response.status_code == 200, (scenario.name, response.status_code)


def test_targets_of_a_generated_database_and_the_pages_answer(client, capsys):
    call_command("generate", "--scale", "small")
    with scopes_disabled():  # as bench/run.py reads them, outside a request
        found = targets()
        programme = Programme.objects.get(pk=found["programme"])
        assert programme.sessions.filter(pk=found["programme_session"]).exists()
    _pages_answer(client, found)


def test_an_older_database_gets_the_programmes_added(client, capsys):
    call_command("generate", "--scale", "small")
    with scopes_disabled():
        Participant.objects.all().delete()
        Programme.objects.all().delete()
        found = targets()
        # besides the evaluation's national training (its own generator step)
        assert Programme.objects.exclude(name=NATIONAL_NAME).count() == 2
        member = User.objects.get(email="member@bench.tutori.fi")
        assert Participant.objects.filter(person=member, programme_id=found["programme"]).exists()
    _pages_answer(client, found)
