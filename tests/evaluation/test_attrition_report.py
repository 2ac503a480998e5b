"""The attrition report (part B): seed 004's funnel 16 → 16 → 16 → 12 → 12 and its reasons,
the funnel per organisation with small organisations merged, suppression below five."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.evaluation.factories import ProgrammeEvaluationFactory, seed004
from tests.programmes.factories import AttendanceFactory, ParticipantFactory, SessionFactory
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.document import Chart, Table, Text
from tutori.evaluation.selectors.attrition import (
    attrition,
    attrition_document,
    attrition_sections,
    programmes_funnel_table,
)
from tutori.programmes.models import Attendance, LeaveReason, Participant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _finnish() -> None:
    with translation.override("fi"):
        yield


def _tables(sections: list) -> dict[str, Table]:  # type: ignore[type-arg]
    out = {}
    for section in sections:
        for block in section.blocks:
            table = block.table if isinstance(block, Chart) else block
            if isinstance(table, Table):
                out[table.title] = table
    return out


def test_seed004_funnel_and_reasons() -> None:
    data = seed004()
    result = attrition(programme=data.programme)
    assert result.steps == ["applied", "enrolled", "started", "completed", "answered"]
    assert result.total == {
        "applied": 16,
        "enrolled": 16,
        "started": 16,
        "completed": 12,
        "answered": 12,
    }
    assert result.reasons == [
        ("siirtyi muihin tehtäviin", 1),
        ("keskeytti", 1),
        ("ei ehtinyt", 2),
    ]
    tables = _tables(attrition_sections(programme=data.programme))
    funnel = tables["Koulutuksen eteneminen"]
    assert [row[1] for row in funnel.rows] == [16, 16, 16, 12, 12]
    assert [row[2] for row in funnel.rows] == [100, 100, 100, 75, 75]
    reasons = tables["Keskeyttämisen syyt"]
    assert reasons.rows == [
        ["siirtyi muihin tehtäviin", "< 5"],
        ["keskeytti", "< 5"],
        ["ei ehtinyt", "< 5"],
    ]
    assert reasons.total == ["Yhteensä", "< 5"]


def test_seed004_organisations_small_ones_merged_so_nothing_subtracts() -> None:
    """Katulähetys 4, Työttömät 3, Tekevä 5, Setlementti 4: only Tekevä (5, rest 11) is
    shown on its own; the other three are one row of 11."""
    data = seed004()
    table = _tables(attrition_sections(programme=data.programme))["Eteneminen organisaatioittain"]
    assert [row[0] for row in table.rows] == ["Tekevä", "Muut organisaatiot (3)"]
    assert table.rows[0][1:] == [5, 5, 5, 5, 5]
    assert table.rows[1][1:] == [11, 11, 11, 7, 7]
    assert table.total == ["Yhteensä", 16, 16, 16, 12, 12]


def test_no_post_survey_leaves_the_step_out_with_a_note() -> None:
    data = seed004()
    with scopes_disabled():
        data.evaluation.post_survey = None
        data.evaluation.save()
    result = attrition(programme=data.programme)
    assert "answered" not in result.steps
    texts = [
        b.text
        for s in attrition_sections(programme=data.programme)
        for b in s.blocks
        if isinstance(b, Text)
    ]
    assert any("ei ole liitetty loppuarviointia" in t for t in texts)


def test_anonymous_post_counts_responses_and_is_not_broken_down() -> None:
    data = seed004()
    with scopes_disabled():
        data.post.anonymous = True
        data.post.save()
    result = attrition(programme=data.programme)
    assert result.total["answered"] == 12
    tables = _tables(attrition_sections(programme=data.programme))
    assert "Vastasivat loppuarviointiin" not in tables["Eteneminen organisaatioittain"].header


def test_started_counts_present_or_partial_at_a_session_not_cancelled() -> None:
    evaluation = ProgrammeEvaluationFactory()
    programme = evaluation.programme
    session = SessionFactory(programme=programme)
    cancelled = SessionFactory(programme=programme, cancelled_at="2027-01-01T10:00Z")
    statuses = [Attendance.Status.PRESENT] * 3 + [Attendance.Status.PARTIAL] * 3
    for status in statuses:
        p = ParticipantFactory(programme=programme, status=Participant.Status.ENROLLED)
        AttendanceFactory(session=session, participant=p, status=status)
    absent = ParticipantFactory(programme=programme, status=Participant.Status.ENROLLED)
    AttendanceFactory(session=session, participant=absent, status=Attendance.Status.ABSENT)
    only_cancelled = ParticipantFactory(programme=programme, status=Participant.Status.ENROLLED)
    AttendanceFactory(session=cancelled, participant=only_cancelled)
    ParticipantFactory(programme=programme, status=Participant.Status.APPLIED)
    ParticipantFactory(programme=programme, status=Participant.Status.DECLINED)
    result = attrition(programme=programme)
    assert result.total == {"applied": 10, "enrolled": 8, "started": 6, "completed": 0}


def test_a_small_programme_shows_no_numbers_and_no_chart() -> None:
    evaluation = ProgrammeEvaluationFactory()
    for _i in range(3):
        ParticipantFactory(programme=evaluation.programme)
    sections = attrition_sections(programme=evaluation.programme)
    assert not any(isinstance(b, Chart) for s in sections for b in s.blocks)
    funnel = _tables(sections)["Koulutuksen eteneminen"]
    assert all(row[1] == "< 5" and row[2] is None for row in funnel.rows)


def test_several_programmes_funnel_table() -> None:
    data = seed004()
    other = ProgrammeEvaluationFactory().programme
    ParticipantFactory(
        programme=other, status=Participant.Status.LEFT, leave_reason=LeaveReason.OTHER
    )
    table = programmes_funnel_table([data.programme, other])
    assert table.rows[0][1:] == [16, 16, 16, 12]
    assert table.rows[1][1:] == ["< 5", "< 5", "< 5", "< 5"]


def test_document_has_title_and_facts() -> None:
    data = seed004()
    document = attrition_document(programme=data.programme)
    assert document.title == "Osallistujien eteneminen: Työvalmentajakoulutus (WIRE 3)"
    assert ("Järjestäjä", "Jyväskylän TYP") in document.facts
