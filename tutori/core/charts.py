"""Charts drawn with matplotlib as SVG to embed in a page, within the CSP (no inline styles),
and cached by their figures: the same numbers always give the same picture."""

from __future__ import annotations

import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from decimal import Decimal

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

# Bump when the drawing changes, so pictures cached by the old code are not served.
_CACHE_VERSION = 2
# Drawing costs tens of milliseconds (bench/: the report page was eight times slower than
# its XLSX export); a day is long enough to serve the busy hours of a report from cache.
CHART_CACHE_SECONDS = 24 * 60 * 60

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_BAR_COLOUR = "#00507a"
_TICK_LABEL_LENGTH = 40


def _cache_key(kind: str, figures: object) -> str:
    digest = hashlib.sha256(
        json.dumps(figures, ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()
    return f"tutori:chart:{_CACHE_VERSION}:{kind}:{digest}"


def bar_chart_svg(
    *,
    labels: Sequence[str],
    values: Sequence[Decimal | float | int],
    bar_labels: Sequence[str],
    value_label: str,
    title: str,
) -> SafeString:
    """Horizontal bars, one per label, each annotated with its ``bar_labels`` text; the
    picture is named by ``title`` for screen readers. Every text arrives translated."""
    texts = [str(label) for label in labels]
    annotations = [str(text) for text in bar_labels]
    key = _cache_key(
        "barh",
        [texts, [str(value) for value in values], annotations, str(value_label), str(title)],
    )
    svg = cache.get(key)
    if svg is None:
        svg = _draw_bar_chart(
            labels=texts,
            values=[float(value) for value in values],
            bar_labels=annotations,
            value_label=str(value_label),
            title=str(title),
        )
        cache.set(key, svg, CHART_CACHE_SECONDS)
    return mark_safe(svg)  # noqa: S308 - serialised by ElementTree in _svg_text


def _draw_bar_chart(
    *,
    labels: list[str],
    values: list[float],
    bar_labels: list[str],
    value_label: str,
    title: str,
) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # Texts stay text ("none"), not glyphs drawn as paths: a chart is a sixth of the bytes
    # (a survey's results page with seven charts was 250 kB), and its words can be found
    # and copied. DejaVu Sans is what matplotlib measures with; browsers fall back to
    # their sans-serif.
    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "font.sans-serif": ["DejaVu Sans"],
            "svg.hashsalt": "tutori",
            "text.parse_math": False,
        }
    ):
        figure = Figure(figsize=(8, 1.2 + 0.45 * len(labels)))
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        bars = axes.barh(positions, values, color=_BAR_COLOUR)
        axes.set_yticks(positions, [label[:_TICK_LABEL_LENGTH] for label in labels])
        axes.invert_yaxis()
        axes.bar_label(bars, labels=bar_labels, padding=4, fontsize=9)
        axes.set_xlabel(value_label)
        axes.margins(x=0.25)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _svg_text(buffer.getvalue(), title=title)


def _svg_text(svg: str, *, title: str) -> str:
    """matplotlib's SVG made fit to embed: no comments, styles as attributes, an image role
    and a name, scaling to the width of its container."""
    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", _XLINK_NS)
    # Re-serialising drops comments (matplotlib writes each text into one) and escapes text.
    root = ET.fromstring(svg)  # noqa: S314 - our own matplotlib output
    _styles_to_attributes(root)
    root.set("role", "img")
    root.set("aria-label", title)
    root.set("width", "100%")
    root.attrib.pop("height", None)
    return ET.tostring(root, encoding="unicode")


def _styles_to_attributes(root: ET.Element) -> None:
    """Move matplotlib's inline CSS into SVG presentation attributes: the CSP forbids
    ``style`` attributes and elements, not ``fill="…"``."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{{{_SVG_NS}}}style", f"{{{_SVG_NS}}}metadata"):
                parent.remove(child)
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if not style:
            continue
        for declaration in style.split(";"):
            name, _sep, value = declaration.partition(":")
            name, value = name.strip(), value.strip()
            if re.fullmatch(r"[a-z-]+", name) and value:
                element.set(name, value)
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
