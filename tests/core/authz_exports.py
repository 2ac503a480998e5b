"""GET rows of a person's exports built in the worker ("Omat viennit"): the list is every
signed-in person's own; an export's page and its download are its requester's alone (here
Oulu's coordinator's export of a survey's answers), 404 for everyone else."""

from __future__ import annotations

from typing import Any

from tests.authz import LOGIN_REQUIRED, Row
from tests.conftest import World
from tests.surveys.authz_results import answered_survey
from tutori.core.export_jobs import export_build_run
from tutori.surveys.exports import results_export_queue
from tutori.surveys.models import Survey
from tutori.surveys.selectors.results import Filters

OWNER_ONLY = {"anonymous": 302, "coordinator": 200}


def coordinators_export(w: World) -> dict[str, Any]:
    survey = Survey._default_manager.get(pk=answered_survey(w)["pk"])
    job = results_export_queue(
        user=w.coordinator, survey=survey, filters=Filters(), fmt="csv", with_names=False
    )
    assert export_build_run(job_id=job.pk) == "done"
    return {"pk": job.pk}


ROWS = {
    "core:exports": Row(200, expect=LOGIN_REQUIRED),
    "core:export": Row(404, kwargs=coordinators_export, expect=OWNER_ONLY),
    "core:export_download": Row(404, kwargs=coordinators_export, expect=OWNER_ONLY),
}
