"""Part D (data): the benchmark's evaluation scenarios name real pages, find their target in
a generated database (adding the evaluations to one generated before evaluation existed),
and each page answers the bench coordinator with 200 (the funder PDF is a PDF)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import resolve

from bench.scenarios import SCENARIOS, targets
from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.generate import NATIONAL_NAME
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.programmes.models import Programme

pytestmark = pytest.mark.django_db

EXPECTED = {
    "pre/post report": "evaluation:prepost",
    "attrition report": "evaluation:attrition",
    "feedback report": "evaluation:feedback",
    "tutoring impact": "evaluation:impact",
    "funder report of an area": "evaluation:funder",
    "funder report PDF": "evaluation:funder_export",
}
SCENES = [s for s in SCENARIOS if s.name in EXPECTED]


def test_every_evaluation_scenario_resolves_to_its_url_name():
    assert len(SCENES) == len(EXPECTED)
    for scenario in SCENES:
        path = scenario.path.format(evaluation_programme=1).split("?")[0]
        assert resolve(path).view_name == EXPECTED[scenario.name], scenario.name


def _pages_answer(client, found):
    for scenario in SCENES:
        client.force_login(User.objects.get(email=f"{scenario.login}@bench.tutori.fi"))
        response = client.get(scenario.path.format(**found))
        assert response.status_code == 200, (scenario.name, response.status_code)
        if scenario.name == "funder report PDF":
            assert response["Content-Type"] == "application/pdf"


def test_targets_of_a_generated_database_and_the_pages_answer(client, capsys):
    call_command("generate", "--scale", "small")
    with scopes_disabled():
        found = targets()
        assert Programme.objects.get(pk=found["evaluation_programme"]).name == NATIONAL_NAME
    _pages_answer(client, found)


def test_an_older_database_gets_the_evaluations_added(client, capsys):
    call_command("generate", "--scale", "small")
    with scopes_disabled():
        ProgrammeEvaluation.objects.all().delete()
        Programme.objects.filter(name=NATIONAL_NAME).delete()
        found = targets()
        assert ProgrammeEvaluation.objects.count() == 2
        assert Programme.objects.get(pk=found["evaluation_programme"]).name == NATIONAL_NAME
    _pages_answer(client, found)
