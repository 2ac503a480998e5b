"""Suppression of the attrition and feedback reports (part B), including the subtraction
attack: the whole programme's funnel beside the per-organisation table (a filter of it)
must never let anyone compute a group under five, whatever the organisations' sizes."""

from __future__ import annotations

from collections.abc import Iterator
from random import Random

import pytest
from django.utils import translation

from tutori.evaluation.document import Section, Table, Text
from tutori.evaluation.selectors.attrition import STEPS, Attrition, Row, attrition_sections
from tutori.evaluation.selectors.feedback import Feedback, ScaleResult, feedback_sections


@pytest.fixture(autouse=True)
def _finnish() -> Iterator[None]:
    with translation.override("fi"):
        yield


def _result(
    orgs: dict[str, dict[str, int]], reasons: list[tuple[str, int]] | None = None
) -> Attrition:
    rows = [Row(name, counts) for name, counts in sorted(orgs.items())]
    steps = list(STEPS)
    return Attrition(
        programme=None,  # type: ignore[arg-type]  (the sections read only the numbers)
        steps=steps,
        total={s: sum(r.counts[s] for r in rows) for s in steps},
        organisations=rows,
        reasons=reasons or [],
        post_survey=_Survey(anonymous=False),  # type: ignore[arg-type]  (linked, identified)
    )


def _org_table(sections: list[Section]) -> Table | None:
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Table) and block.title == "Eteneminen organisaatioittain":
                return block
    return None


def _funnel(applied: int, rng: Random) -> dict[str, int]:
    enrolled = rng.randint(0, applied)
    started = rng.randint(0, enrolled)
    completed = rng.randint(0, started)
    return {
        "applied": applied,
        "enrolled": enrolled,
        "started": started,
        "completed": completed,
        "answered": rng.randint(0, completed),
    }


def assert_nothing_subtracts(table: Table, orgs: dict[str, dict[str, int]]) -> None:
    """Every column: the numbers shown are five or more, and what a total shown minus them
    leaves is spread over no cell or over two or more, never one; every organisation shown
    by name has five or more applicants and so has the rest (or there is no rest)."""
    assert table.total is not None
    whole = sum(counts["applied"] for counts in orgs.values())
    for row in table.rows:
        name = str(row[0])
        if name in orgs:
            rest = whole - orgs[name]["applied"]
            assert orgs[name]["applied"] >= 5 and (rest == 0 or rest >= 5), name
    for column in range(1, len(table.header)):
        cells = [row[column] for row in table.rows]
        numbers = [c for c in cells if isinstance(c, int)]
        assert all(n >= 5 for n in numbers), (table.header[column], cells)
        hidden = [c for c in cells if not isinstance(c, int)]
        if isinstance(table.total[column], int):
            assert len(hidden) != 1, (table.header[column], cells)


def test_a_big_organisation_beside_a_small_one_is_not_shown_alone() -> None:
    """Ten and three: showing the ten would give the three by subtraction."""
    rng = Random(1)
    orgs = {"Iso": _funnel(10, rng), "Pieni": _funnel(3, rng)}
    sections = attrition_sections(programme=None, result=_result(orgs))  # type: ignore[arg-type]
    assert _org_table(sections) is None
    texts = [b.text for s in sections for b in s.blocks if isinstance(b, Text)]
    assert any("Organisaatioittaista erittelyä ei näytetä" in t for t in texts)


def test_two_of_five_and_one_of_three_hide_a_five_beside_the_three() -> None:
    full = {"applied": 5, "enrolled": 5, "started": 5, "completed": 5, "answered": 5}
    orgs = {"A": dict(full), "B": dict(full), "C": {k: 3 for k in full}}
    table = _org_table(attrition_sections(programme=None, result=_result(orgs)))  # type: ignore[arg-type]
    assert table is not None
    assert [row[0] for row in table.rows] == ["A", "B", "Muut organisaatiot (1)"]
    assert [row[1] for row in table.rows] == ["–", 5, "< 5"]
    assert table.total == ["Yhteensä", 13, 13, 13, 13, 13]
    assert_nothing_subtracts(table, orgs)


@pytest.mark.parametrize("seed", range(200))
def test_no_organisation_sizes_let_the_total_minus_the_rows_give_a_small_group(seed: int) -> None:
    rng = Random(seed)
    orgs = {
        f"Organisaatio {i}": _funnel(rng.choice([1, 2, 3, 4, 5, 6, 8, 12, 20]), rng)
        for i in range(rng.randint(1, 6))
    }
    table = _org_table(attrition_sections(programme=None, result=_result(orgs)))  # type: ignore[arg-type]
    if table is not None:
        assert_nothing_subtracts(table, orgs)


def test_reasons_hide_a_second_count_beside_a_single_small_one() -> None:
    orgs = {"A": {"applied": 20, "enrolled": 20, "started": 20, "completed": 11, "answered": 9}}
    result = _result(orgs, reasons=[("keskeytti", 6), ("ei ehtinyt", 3)])
    sections = attrition_sections(programme=None, result=result)  # type: ignore[arg-type]
    reasons = next(
        b
        for s in sections
        for b in s.blocks
        if isinstance(b, Table) and b.title == "Keskeyttämisen syyt"
    )
    assert [row[1] for row in reasons.rows] == ["–", "< 5"]
    assert reasons.total == ["Yhteensä", 9]


@pytest.mark.parametrize("seed", range(100))
def test_no_grade_distribution_lets_its_total_give_a_single_small_cell(seed: int) -> None:
    rng = Random(seed)
    counts = [rng.choice([0, 0, 1, 2, 3, 4, 5, 7, 9, 15]) for _grade in range(7)]
    n = sum(counts)
    scale = ScaleResult(question=None, text="Arvosana", n=n)  # type: ignore[arg-type]
    if n >= 5:
        scale.points = [(str(g), c) for g, c in zip(range(4, 11), counts, strict=True)]
    result = Feedback(programme=None, survey=_Survey(), n=max(n, 5), scales=[scale])  # type: ignore[arg-type]
    blocks = [
        b for s in feedback_sections(programme=None, texts=False, result=result) for b in s.blocks
    ]  # type: ignore[arg-type]
    tables = [getattr(b, "table", b) for b in blocks if isinstance(getattr(b, "table", b), Table)]
    if n < 5:
        assert not tables
        return
    [table] = tables
    cells = [row[1] for row in table.rows]
    assert all(c >= 5 for c in cells if isinstance(c, int))
    assert len([c for c in cells if not isinstance(c, int)]) != 1
    assert table.total == ["Yhteensä", n]


class _Survey:
    """What the sections read of a survey."""

    def __init__(self, *, anonymous: bool = True) -> None:
        self.title = "Palaute"
        self.anonymous = anonymous
