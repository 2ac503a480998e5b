"""The Kuvio 17 picture (evaluation.charts.stacked_bars_svg): fit for the CSP, named for
screen readers, its numbers printed in the segments, hidden counts one hatched segment,
ids of its own, cached by its figures."""

from __future__ import annotations

import re

from tutori.evaluation import charts


def _chart(**overrides):  # type: ignore[no-untyped-def]
    arguments = {
        "labels": ["Väittämä — alussa", "Väittämä — lopussa"],
        "counts": [[None, 6, 7, None, None], [None, None, 5, 7, None]],
        "totals": [16, 14],
        "legend": ["heikosti", "kohtalaisesti", "jonkin verran", "hyvin", "erinomaisesti"],
        "hidden_label": "piilotettu (alle 5)",
        "value_label": "Osuus vastaajista (%)",
        "title": "Vastausjakaumat alussa ja lopussa",
    }
    return charts.stacked_bars_svg(**(arguments | overrides))


def test_a_stacked_chart_is_an_accessible_svg_without_styles():
    svg = str(_chart())
    assert svg.startswith("<svg")
    assert 'role="img"' in svg and 'aria-label="Vastausjakaumat alussa ja lopussa"' in svg
    assert "style=" not in svg and "<style" not in svg
    for text in ("heikosti", "erinomaisesti", "piilotettu (alle 5)", ">6<", ">7<", ">5<"):
        assert text in svg
    assert "<pattern" in svg  # the hatching of the hidden segment
    assert 'fill="#ffffff"' in svg  # colours are not taken for references


def test_two_charts_share_no_ids():
    first, second = str(_chart()), str(_chart(totals=[17, 14]))
    ids = [set(re.findall(r' id="([^"]+)"', svg)) for svg in (first, second)]
    assert ids[0] and not ids[0] & ids[1]
    for svg, own in zip((first, second), ids, strict=True):
        for ref in re.findall(r"url\(#([^)]+)\)", svg):
            assert ref in own


def test_the_same_figures_give_the_same_picture():
    assert str(_chart()) == str(_chart())


def test_the_palette_is_light_to_dark():
    colours = charts._colours(5)
    lightness = [sum(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in colours]
    assert lightness == sorted(lightness, reverse=True)
    assert len(charts._colours(7)) == 7 and len(charts._colours(9)) == 9


def test_neighbouring_hidden_points_keep_their_place_on_the_scale():
    assert charts._hidden_place([None, None, 7, 8, 5]) == 0
    assert charts._hidden_place([6, None, 7, None, None]) is None  # two runs: at the end
    assert charts._hidden_place([6, 7, 8, None, None]) == 3
    assert charts._hidden_place([6, 7, 8, 9, 5]) is None
