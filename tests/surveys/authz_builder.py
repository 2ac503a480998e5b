"""Authorization-matrix rows of the survey builder.

Oulu's draft is built by Oulu's coordinator (and platform admins); nobody else finds it (a
principal of Koulu A sees Oulu's surveys once they are sent, never drafts). Oulu's open survey
is read by Koulu A's principal too (its page and preview), but only its builders change it.
The lists and instruments are for those who build or follow surveys; a built-in instrument is
used by any coordinator.
"""

from __future__ import annotations

from typing import Any

from tests.authz import Row
from tests.conftest import World
from tests.surveys.factories import QuestionFactory, SectionFactory, SurveyFactory

BUILDERS = {"anonymous": 302, "coordinator": 200, "outsider": 200, "admin": 200}
FOLLOWERS = {**BUILDERS, "manager": 200}
OULU_BUILDERS = {"anonymous": 302, "coordinator": 200, "admin": 200}
OULU_READERS = {**OULU_BUILDERS, "manager": 200}
POST_ONLY = {"anonymous": 302}


def _draft(w: World) -> Any:
    survey = SurveyFactory(organisation=w.oulu, title="Oulun luonnos")
    section = SectionFactory(survey=survey, title="Osio")
    QuestionFactory(survey=survey, section=section, key="q1", likert=True)
    return survey


def draft_of_oulu(w: World) -> dict[str, Any]:
    return {"pk": _draft(w).pk}


def open_survey_of_oulu(w: World) -> dict[str, Any]:
    survey = SurveyFactory(organisation=w.oulu, title="Oulun kysely", open=True)
    QuestionFactory(survey=survey, key="q1", grade=True)
    return {"pk": survey.pk}


def section_of_oulus_draft(w: World) -> dict[str, Any]:
    return {"pk": _draft(w).sections.get().pk}


def question_of_oulus_draft(w: World) -> dict[str, Any]:
    return {"pk": _draft(w).questions.get().pk}


def built_in_instrument(w: World) -> dict[str, Any]:
    instrument = SurveyFactory(instrument=True, title="Alustan mittari")
    QuestionFactory(survey=instrument, key="q1", likert=True)
    return {"pk": instrument.pk}


ROWS: dict[str, Row] = {
    "surveys:list": Row(403, expect=FOLLOWERS),
    "surveys:new": Row(403, expect=BUILDERS),
    "surveys:instruments": Row(403, expect=BUILDERS),
    "surveys:detail": Row(404, kwargs=open_survey_of_oulu, expect=OULU_READERS),
    "surveys:preview": Row(404, kwargs=open_survey_of_oulu, expect=OULU_READERS),
    "surveys:edit": Row(404, kwargs=draft_of_oulu, expect=OULU_BUILDERS),
    "surveys:delete": Row(404, kwargs=draft_of_oulu, expect=OULU_BUILDERS),
    "surveys:save_instrument": Row(404, kwargs=draft_of_oulu, expect=OULU_BUILDERS),
    "surveys:section_new": Row(404, kwargs=draft_of_oulu, expect=OULU_BUILDERS),
    "surveys:question_new": Row(404, kwargs=draft_of_oulu, expect=OULU_BUILDERS),
    "surveys:section_edit": Row(404, kwargs=section_of_oulus_draft, expect=OULU_BUILDERS),
    "surveys:section_delete": Row(404, kwargs=section_of_oulus_draft, expect=OULU_BUILDERS),
    "surveys:question_edit": Row(404, kwargs=question_of_oulus_draft, expect=OULU_BUILDERS),
    "surveys:question_delete": Row(404, kwargs=question_of_oulus_draft, expect=OULU_BUILDERS),
    # A built-in instrument is seen by every signed-in person; coordinators make surveys of it.
    "surveys:from_instrument": Row(403, kwargs=built_in_instrument, expect=BUILDERS),
    # Writes only: a GET is refused (after the login).
    "surveys:copy": Row(405, kwargs=draft_of_oulu, expect=POST_ONLY),
    "surveys:section_move": Row(405, kwargs=section_of_oulus_draft, expect=POST_ONLY),
    "surveys:question_move": Row(405, kwargs=question_of_oulus_draft, expect=POST_ONLY),
    "surveys:questions_reorder": Row(405, kwargs=draft_of_oulu, expect=POST_ONLY),
}
