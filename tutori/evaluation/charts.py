"""Charts of the evaluation reports, drawn as core.charts draws its bars: matplotlib SVG made
fit for the CSP (no inline styles), cached by their figures.

``stacked_bars_svg`` is the Kuvio 17 picture: one horizontal bar per statement and moment
(before, after), split by scale point, as shares of the bar's respondents. Colours are one
hue from light to dark (the scale's order, readable in greyscale and by colour-blind
readers), every segment carries its number, and the points hidden as too small are one
hatched segment: in their place on the scale when they are neighbours, else at the end.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from tutori.core.charts import CHART_CACHE_SECONDS, _cache_key, _svg_text

# A sequential single-hue palette (ColorBrewer "Blues"), light to dark; a scale of more
# points reuses it stretched.
PALETTE = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b", "#041a3a")
# Text on the three darkest shades is white.
_DARK_FROM = 3
_HIDDEN_COLOUR = "#ffffff"
_HIDDEN_EDGE = "#6b6b6b"
_LABEL_LENGTH = 52


def _colours(points: int) -> list[str]:
    if points <= len(PALETTE):
        # Spread the scale over the palette: 5 points → every colour but the two darkest.
        start = 0 if points > 3 else 1
        return list(PALETTE[start : start + points])
    return [PALETTE[min(len(PALETTE) - 1, i * len(PALETTE) // points)] for i in range(points)]


def stacked_bars_svg(
    *,
    labels: Sequence[str],
    counts: Sequence[Sequence[int | None]],
    totals: Sequence[int],
    legend: Sequence[str],
    hidden_label: str,
    value_label: str,
    title: str,
) -> SafeString:
    """One bar per label, split into the scale's points (``legend``): ``counts[i][j]`` people
    of ``totals[i]`` answered point j, or None when that count is hidden (the hidden ones
    share one hatched segment). Every text arrives translated."""
    texts = [str(label) for label in labels]
    figures = [[None if c is None else int(c) for c in row] for row in counts]
    key = _cache_key(
        "stacked-2",  # bump when the drawing changes
        [
            texts,
            figures,
            [int(t) for t in totals],
            [str(x) for x in legend],
            str(hidden_label),
            str(value_label),
            str(title),
        ],
    )
    svg = cache.get(key)
    if svg is None:
        svg = _unique_ids(
            _draw(
                labels=texts,
                counts=figures,
                totals=[int(t) for t in totals],
                legend=[str(x) for x in legend],
                hidden_label=str(hidden_label),
                value_label=str(value_label),
                title=str(title),
            ),
            prefix="c" + key.rsplit(":", 1)[-1][:10],
        )
        cache.set(key, svg, CHART_CACHE_SECONDS)
    return mark_safe(svg)  # noqa: S308 - serialised by ElementTree in _svg_text


def _unique_ids(svg: str, *, prefix: str) -> str:
    """The picture's element ids made its own: matplotlib numbers them the same in every
    picture (``patch_1``, the hatch's pattern), and a page or a PDF holds several. Ids
    nothing refers to are dropped; the others get ``prefix``."""
    referred = set(re.findall(r'(?:url\(#|href="#)([A-Za-z0-9_.-]+)', svg))

    def rename(match: re.Match[str]) -> str:
        name = match.group(1)
        return f' id="{prefix}-{name}"' if name in referred else ""

    svg = re.sub(r' id="([^"]+)"', rename, svg)
    for name in referred:
        svg = svg.replace(f"#{name})", f"#{prefix}-{name})").replace(
            f'"#{name}"', f'"#{prefix}-{name}"'
        )
    return svg


def _hidden_place(cells: Sequence[int | None]) -> int | None:
    """Where the hidden points' segment goes: at their place on the scale when they are one
    run of neighbouring points (their sum is the bar's total minus the points shown), else
    None: at the end of the bar."""
    hidden = [i for i, count in enumerate(cells) if count is None]
    if hidden and hidden == list(range(hidden[0], hidden[-1] + 1)):
        return hidden[0]
    return None


def _hidden_segment(axes: Any, row: int, left: float, width: float) -> float:
    axes.barh(
        row,
        width,
        left=left,
        color=_HIDDEN_COLOUR,
        edgecolor=_HIDDEN_EDGE,
        hatch="///",
        linewidth=0.6,
    )
    return left + width


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_LENGTH else label[: _LABEL_LENGTH - 1] + "…"


def _draw(
    *,
    labels: list[str],
    counts: list[list[int | None]],
    totals: list[int],
    legend: list[str],
    hidden_label: str,
    value_label: str,
    title: str,
) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    colours = _colours(len(legend))
    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "font.sans-serif": ["DejaVu Sans"],
            "svg.hashsalt": "tutori",
            "text.parse_math": False,
            "hatch.color": _HIDDEN_EDGE,
        }
    ):
        figure = Figure(figsize=(9, 1.6 + 0.42 * len(labels)))
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        for row, (cells, total) in enumerate(zip(counts, totals, strict=True)):
            if not total:
                continue
            shown = sum(c for c in cells if c is not None)
            hidden_at = _hidden_place(cells)
            left = 0.0
            for point, count in enumerate(cells):
                if point == hidden_at and shown < total:
                    left = _hidden_segment(axes, row, left, 100.0 * (total - shown) / total)
                if count is None or count <= 0:
                    continue
                width = 100.0 * count / total
                axes.barh(
                    row, width, left=left, color=colours[point], edgecolor="#ffffff", linewidth=0.6
                )
                axes.text(
                    left + width / 2,
                    row,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="#ffffff" if point >= _DARK_FROM else "#000000",
                )
                left += width
            if hidden_at is None and shown < total:
                _hidden_segment(axes, row, left, 100.0 - left)
        axes.set_yticks(positions, [_short(label) for label in labels], fontsize=8)
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.set_xlabel(value_label)
        axes.spines[["top", "right"]].set_visible(False)
        handles = [
            Patch(facecolor=c, edgecolor="#6b6b6b", label=t)
            for c, t in zip(colours, legend, strict=True)
        ]
        if any(c is None for row in counts for c in row):
            handles.append(
                Patch(
                    facecolor=_HIDDEN_COLOUR,
                    edgecolor=_HIDDEN_EDGE,
                    hatch="///",
                    label=hidden_label,
                )
            )
        axes.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12 - 0.6 / max(len(labels), 1)),
            ncol=min(len(handles), 3),
            fontsize=8,
            frameon=False,
        )
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(
            buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight"
        )
    return _svg_text(buffer.getvalue(), title=title)
