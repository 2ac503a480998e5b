"""Charts: drawn once per figures through the cache, embeddable under the CSP."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache

from tutori.core import charts


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _chart(**changes):
    figures = {
        "labels": ["Koulu A", "Koulu B"],
        "values": [Decimal("3.0"), Decimal("0.5")],
        "bar_labels": ["3,0 h · 10 hlö", "0,5 h · < 5 hlö"],
        "value_label": "Tunnit",
        "title": "Tutorointitunnit: koulu",
    }
    return charts.bar_chart_svg(**{**figures, **changes})


def test_a_chart_is_an_svg_image_named_by_its_title_without_inline_styles():
    svg = _chart()
    assert svg.startswith("<svg")
    assert 'role="img"' in svg and 'aria-label="Tutorointitunnit: koulu"' in svg
    assert "style=" not in svg and "<style" not in svg and "<!--" not in svg


def test_the_same_figures_are_drawn_once(monkeypatch):
    drawn = []
    real = charts._draw_bar_chart

    def counting(**kwargs):
        drawn.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(charts, "_draw_bar_chart", counting)
    first = _chart()
    assert _chart() == first
    assert len(drawn) == 1
    _chart(values=[Decimal("3.0"), Decimal("1.0")])
    _chart(title="Tutorointitunnit: aihe")
    assert len(drawn) == 3


def test_texts_are_text_not_glyph_paths():
    svg = charts.bar_chart_svg(
        labels=["Digipedagogiikka <&>", "Arviointi"],
        values=[3, 4],
        bar_labels=["3 (43 %)", "4 (57 %)"],
        value_label="Vastauksia",
        title="Aiheet",
    )
    assert ">Digipedagogiikka &lt;&amp;&gt;</text>" in svg
    assert ">4 (57 %)</text>" in svg
    assert "DejaVuSans-" not in svg and "style=" not in svg  # no glyph definitions
    assert len(svg) < 12_000
