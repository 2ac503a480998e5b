"""Django's ``{# … #}`` comment ends at the line's end: a two-line one is printed on the page
(it was, on a programme's timetable). Every template's comments are one line or
``{% comment %}`` blocks."""

from __future__ import annotations

from pathlib import Path

import tutori

ROOT = Path(tutori.__file__).parent


def test_no_template_comment_spans_lines():
    broken = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.rglob("templates/**/*")
        if path.suffix in (".html", ".txt")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.count("{#") > line.count("#}")
    ]
    assert broken == []
