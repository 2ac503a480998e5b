"""Part D (data): the benchmark's path scenarios name real pages, find their targets in a
generated database (adding the paths to one generated before paths existed), and each page
answers its login with 200."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import resolve

from bench.scenarios import SCENARIOS, targets
from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.paths.generate import COACH_EMAIL
from tutori.paths.models import PathTemplate, PersonPath

pytestmark = pytest.mark.django_db

EXPECTED = {
    "coach dashboard": "paths:coach",
    "a path's page": "paths:path",
    "path report": "paths:report",
}
SCENES = [s for s in SCENARIOS if s.name in EXPECTED]


def test_every_path_scenario_resolves_to_its_url_name():
    assert len(SCENES) == len(EXPECTED)
    for scenario in SCENES:
        path = scenario.path.format(path=1, path_template=2)
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
        path = PersonPath.objects.get(pk=found["path"])
        assert path.template_id == found["path_template"]
        assert path.coach.email == COACH_EMAIL
    _pages_answer(client, found)


def test_an_older_database_gets_the_paths_added(client, capsys):
    call_command("generate", "--scale", "small")
    with scopes_disabled():
        PersonPath.objects.all().delete()
        PathTemplate.objects.all().delete()
        found = targets()
        assert PathTemplate.objects.count() == 1
        assert PersonPath.objects.filter(pk=found["path"], coach__email=COACH_EMAIL).exists()
    _pages_answer(client, found)
