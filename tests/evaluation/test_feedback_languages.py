"""The feedback and attrition reports read in Swedish and English too (part B)."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.evaluation.factories import seed004
from tutori.evaluation.selectors.attrition import attrition_document
from tutori.evaluation.selectors.feedback import feedback_document

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "sv",
            [
                "Respons: Työvalmentajakoulutus (WIRE 3)",
                "Medelvärde",
                "Deltagarnas förlopp",
                "Slutförde",
                "Övriga organisationer (3)",
            ],
        ),
        (
            "en",
            [
                "Feedback: Työvalmentajakoulutus (WIRE 3)",
                "Mean",
                "Participants' progress",
                "Completed",
                "Other organisations (3)",
            ],
        ),
    ],
)
def test_reports_in_swedish_and_english(language: str, expected: list[str]) -> None:
    data = seed004()
    with translation.override(language):
        feedback = feedback_document(programme=data.programme)
        attrition = attrition_document(programme=data.programme)
    text = repr(feedback) + repr(attrition)
    for words in expected:
        assert words in text
