"""Authorization-matrix rows of a survey's results: the response rate, the results page and
the export.

Oulu's survey has five answers from Koulu A: Oulu's coordinator (and platform admins) see
them all, Koulu A's principal those of Koulu A (all five, so the export is not refused);
teachers, tutors and coaches do not see the survey at all, nor does Kemi's coordinator.
"""

from __future__ import annotations

from typing import Any

from tests.authz import Row
from tests.conftest import World
from tests.surveys.factories import QuestionFactory, SurveyFactory, respond

RESULT_VIEWERS = {"anonymous": 302, "manager": 200, "coordinator": 200, "admin": 200}


def answered_survey(w: World) -> dict[str, Any]:
    survey = SurveyFactory(organisation=w.oulu, open=True)
    question = QuestionFactory(survey=survey, likert=True)
    for point in (1, 2, 3, 4, 5):
        respond(survey, {question: point}, organisation=w.school_a)
    return {"pk": survey.pk}


ROWS = {
    "surveys:results": Row(404, kwargs=answered_survey, expect=RESULT_VIEWERS),
    "surveys:results_rate": Row(404, kwargs=answered_survey, expect=RESULT_VIEWERS),
    "surveys:results_export": Row(
        404, kwargs=lambda w: {**answered_survey(w), "fmt": "csv"}, expect=RESULT_VIEWERS
    ),
}
