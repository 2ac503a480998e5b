"""Authorization-matrix rows of the school tutoring plans: Oulu's needs survey with answers
from Koulu A. Its coordinator and Koulu A's principal (and admins) see them; teachers,
tutors and coaches never; Kemi's coordinator does not even see the survey."""

from __future__ import annotations

from typing import Any

from tests.authz import Row
from tests.conftest import World
from tests.surveys.plan_data import needs_survey

SEE = {"anonymous": 302, "manager": 200, "coordinator": 200, "admin": 200}


def plans_kwargs(w: World) -> dict[str, Any]:
    return {"pk": needs_survey(w).survey.pk}


def plan_kwargs(w: World) -> dict[str, Any]:
    return {"pk": needs_survey(w).survey.pk, "school_id": w.school_a.pk}


ROWS = {
    "surveys:plans": Row(404, kwargs=plans_kwargs, expect=SEE),
    "surveys:plan": Row(404, kwargs=plan_kwargs, expect=SEE),
}
