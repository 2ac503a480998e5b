"""Set-up shared by the builder's write-permission tests: a draft of Oulu and one of Kemi, each
with a section and two questions, and what each write posts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from tests.surveys.factories import QuestionFactory, SectionFactory, SurveyFactory
from tutori.surveys.models import Survey


def draft(organisation: Any, title: str) -> Survey:
    survey = SurveyFactory(organisation=organisation, title=title)
    section = SectionFactory(survey=survey, title="Osio")
    QuestionFactory(survey=survey, section=section, key="q1", likert=True, text="Eka")
    QuestionFactory(survey=survey, section=section, key="q2", text="Toka")
    return survey


@dataclass
class Write:
    """One write: its URL for a survey and the body it posts."""

    url: Callable[[Survey], str]
    body: Callable[[Survey], dict[str, Any]]


def _q(survey: Survey, key: str) -> Any:
    return survey.questions.get(key=key)


WRITES: dict[str, Write] = {
    "surveys:edit": Write(
        lambda s: reverse("surveys:edit", args=[s.pk]),
        lambda s: {"title": "Uusi nimi", "purpose": "needs", "anonymous": "1"},
    ),
    "surveys:delete": Write(lambda s: reverse("surveys:delete", args=[s.pk]), lambda s: {}),
    "surveys:section_new": Write(
        lambda s: reverse("surveys:section_new", args=[s.pk]), lambda s: {"title": "Uusi osio"}
    ),
    "surveys:section_edit": Write(
        lambda s: reverse("surveys:section_edit", args=[s.sections.get().pk]),
        lambda s: {"title": "Nimetty osio"},
    ),
    "surveys:section_delete": Write(
        lambda s: reverse("surveys:section_delete", args=[s.sections.get().pk]), lambda s: {}
    ),
    "surveys:section_move": Write(
        lambda s: reverse("surveys:section_move", args=[s.sections.get().pk]),
        lambda s: {"direction": "down"},
    ),
    "surveys:question_new": Write(
        lambda s: reverse("surveys:question_new", args=[s.pk]),
        lambda s: {"kind": "text", "text": "Lisätty kysymys"},
    ),
    "surveys:question_edit": Write(
        lambda s: reverse("surveys:question_edit", args=[_q(s, "q2").pk]),
        lambda s: {"kind": "text", "text": "Muokattu kysymys", "section": s.sections.get().pk},
    ),
    "surveys:question_delete": Write(
        lambda s: reverse("surveys:question_delete", args=[_q(s, "q2").pk]), lambda s: {}
    ),
    "surveys:question_move": Write(
        lambda s: reverse("surveys:question_move", args=[_q(s, "q2").pk]),
        lambda s: {"direction": "up"},
    ),
    "surveys:questions_reorder": Write(
        lambda s: reverse("surveys:questions_reorder", args=[s.pk]),
        lambda s: {
            "section": s.sections.get().pk,
            "order": f"{_q(s, 'q2').pk},{_q(s, 'q1').pk}",
        },
    ),
    "surveys:copy": Write(lambda s: reverse("surveys:copy", args=[s.pk]), lambda s: {}),
    "surveys:save_instrument": Write(
        lambda s: reverse("surveys:save_instrument", args=[s.pk]),
        lambda s: {"title": "Tallennettu mittari"},
    ),
}
