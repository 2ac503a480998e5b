"""Authorization-matrix rows of sending a survey and answering it.

Oulu's open survey is sent to Koulu A's teacher: Oulu's coordinator (and platform admins)
send, remind and close it; Koulu A's principal sees the survey (for results) but may not send
it; Kemi's coordinator, teachers, tutors and coaches do not see it at all. A personal link
that is not a real one is a 404 for everyone; "Omat kyselyt" is every signed-in person's own.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.authz import LOGIN_REQUIRED, Row
from tests.conftest import World
from tests.surveys.factories import QuestionFactory, RecipientFactory, SurveyFactory

SENDERS = {"anonymous": 302, "manager": 403, "coordinator": 200, "admin": 200}


def open_survey(w: World, **fields: Any) -> Any:
    survey = SurveyFactory(
        organisation=w.oulu,
        open=True,
        closes_at=timezone.now() + timedelta(days=7),
        **fields,
    )
    QuestionFactory(survey=survey, key="grade", kind="grade")
    return survey


def sent_survey(w: World) -> dict[str, Any]:
    survey = open_survey(w)
    RecipientFactory(survey=survey, person=w.member, email=w.member.email)
    return {"pk": survey.pk}


def identified_survey_sent_to_the_teacher(w: World) -> dict[str, Any]:
    survey = open_survey(w, anonymous=False)
    RecipientFactory(survey=survey, person=w.member, email=w.member.email)
    return {"pk": survey.pk}


ROWS = {
    "surveys:distribution": Row(404, kwargs=sent_survey, expect=SENDERS),
    "surveys:audience": Row(404, kwargs=sent_survey, expect=SENDERS),
    "surveys:send_progress": Row(404, kwargs=sent_survey, expect=SENDERS),
    "surveys:recipients": Row(404, kwargs=sent_survey, expect=SENDERS),
    "surveys:send": Row(405, kwargs=sent_survey, expect=LOGIN_REQUIRED),
    "surveys:remind": Row(405, kwargs=sent_survey, expect=LOGIN_REQUIRED),
    "surveys:close": Row(405, kwargs=sent_survey, expect=LOGIN_REQUIRED),
    "surveys:respond": Row(404, kwargs=lambda w: {"token": "not-a-real-token-at-all-x"}),
    "surveys:mine": Row(200, expect=LOGIN_REQUIRED),
    # Only the person it was sent to answers it signed in.
    "surveys:answer": Row(
        404,
        kwargs=identified_survey_sent_to_the_teacher,
        expect={"anonymous": 302, "member": 200},
    ),
    "surveys:answer_link": Row(405, kwargs=sent_survey, expect=LOGIN_REQUIRED),
}
