"""A workshop's result as a file to hand on (part W3): PDF (WeasyPrint, A4), DOCX
(python-docx) and Markdown, each in the current language, from the same ranked result the
results page shows (``results.ranked``): per question, the themes by rank with their votes
and their ideas beneath, then the ideas left without a theme.

No export names anyone — not the authors of the ideas, not the voters, not even in a
workshop that was not anonymous: the files travel beyond the workshop, and the result is
the themes, not the people (the facilitator's named pages stay in Tutori). Text is
written as typed (Finnish, Swedish, emoji); in Markdown the characters that would turn it
into markup are escaped, in the PDF the HTML is escaped by the template.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.http import HttpResponse
from django.utils import formats, timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tutori.core.pdf import pdf_from_template
from tutori.core.text import without_unprintable
from tutori.workshops.models import Workshop
from tutori.workshops.results import QuestionResult

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN = "text/markdown; charset=utf-8"
FORMATS = ("pdf", "docx", "md")

# Characters that Markdown reads as markup anywhere in a line.
_MARKUP = re.compile(r"([\\`*_\[\]<>#|~!])")
# A line start that Markdown reads as a list, a heading, a quote or a rule.
_LINE_START = re.compile(r"^(\s*)(\d*)([-+=>.)])")


def votes_text(votes: int) -> str:
    return ngettext("%(count)d ääni", "%(count)d ääntä", votes) % {"count": votes}


def held_text(workshop: Workshop) -> str:
    return str(formats.date_format(workshop.held_on, "SHORT_DATE_FORMAT"))


def facts_text(workshop: Workshop) -> str:
    """The line under the title: the date, the organisation and the network it names."""
    text = f"{held_text(workshop)} · {workshop.organisation.name}"
    if workshop.network_id is not None and workshop.network is not None:
        text += f" ({_('verkosto')}: {workshop.network.name})"
    return text


def file_name(workshop: Workshop, extension: str) -> str:
    base = slugify(workshop.title)[:80] or "tyopaja"
    return f"{base}-{workshop.held_on.isoformat()}.{extension}"


# --- Markdown -----------------------------------------------------------------------------------


def md_escape(text: str) -> str:
    """One line of typed text as Markdown text (never markup)."""
    line = " ".join(without_unprintable(text).split())
    line = _MARKUP.sub(r"\\\1", line)
    return _LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", line)


def markdown_text(workshop: Workshop, results: list[QuestionResult]) -> str:
    lines = [f"# {md_escape(workshop.title)}", ""]
    lines += [md_escape(facts_text(workshop)), ""]
    for result in results:
        lines += [f"## {result.number}. {md_escape(result.question.text)}", ""]
        if not result.themes and not result.ungrouped:
            lines += [_("Ei ideoita."), ""]
        for theme in result.themes:
            lines.append(f"{theme.rank}. **{md_escape(theme.name)}** ({votes_text(theme.votes)})")
            lines += [f"    - {md_escape(idea)}" for idea in theme.ideas]
        if result.themes:
            lines.append("")
        if result.ungrouped:
            lines += [f"### {_('Ryhmittelemättömät ideat')}", ""]
            lines += [f"- {md_escape(idea)}" for idea in result.ungrouped]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# --- DOCX ---------------------------------------------------------------------------------------


def _docx_text(text: str) -> str:
    # XML 1.0 has no room for control characters: python-docx refuses them.
    return without_unprintable(text)


def docx_bytes(workshop: Workshop, results: list[QuestionResult]) -> bytes:
    from docx import Document  # imported here: needed only for this download

    document = Document()
    document.core_properties.title = _docx_text(workshop.title)[:255]
    document.core_properties.language = translation.get_language() or "fi"
    # Nobody is named, not even in the file's properties.
    document.core_properties.author = "Tutori"
    document.core_properties.last_modified_by = "Tutori"
    document.add_heading(_docx_text(workshop.title), level=0)
    document.add_paragraph(_docx_text(facts_text(workshop)))
    for result in results:
        document.add_heading(_docx_text(f"{result.number}. {result.question.text}"), level=1)
        if not result.themes and not result.ungrouped:
            document.add_paragraph(_("Ei ideoita."))
        for theme in result.themes:
            # The rank as text: themes equal in votes and ideas share their number, which a
            # numbered list would not say.
            heading = document.add_paragraph()
            heading.add_run(f"{theme.rank}. ")
            heading.add_run(_docx_text(theme.name)).bold = True
            heading.add_run(f" ({votes_text(theme.votes)})")
            for idea in theme.ideas:
                document.add_paragraph(_docx_text(idea), style="List Bullet")
        if result.ungrouped:
            document.add_heading(_("Ryhmittelemättömät ideat"), level=2)
            for idea in result.ungrouped:
                document.add_paragraph(_docx_text(idea), style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF ----------------------------------------------------------------------------------------


# The fonts the PDF is set in (Debian's fonts-dejavu-core): a character neither has — an
# emoji, most pictographs — would be drawn as an empty box and make the PDF's text unreadable
# to a reader's search and copy (the whole font's text comes out garbled). Such characters
# are printed as "□", the zero-width ones that join or vary them are left out.
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
)
NOT_PRINTABLE = "\u25a1"


@functools.cache
def _printable_characters() -> frozenset[int] | None:
    """The characters every PDF font has (None when the fonts are not where expected: the
    text is then printed as it is)."""
    from fontTools.ttLib import TTFont

    covered: set[int] | None = None
    for name in FONT_FILES:
        if not Path(name).exists():
            return None
        font = set(TTFont(name, lazy=True)["cmap"].getBestCmap())
        covered = font if covered is None else covered & font
    return frozenset(covered or ())


def printable(text: str) -> str:
    """``text`` as the PDF's fonts can print it (see ``FONT_FILES``)."""
    covered = _printable_characters()
    if covered is None:
        return text
    out = []
    for char in text:
        if ord(char) in covered or char in "\n\t":
            out.append(char)
        elif unicodedata.category(char) not in ("Cf", "Mn", "Me"):
            out.append(NOT_PRINTABLE)
    return "".join(out)


def _printed(results: list[QuestionResult]) -> list[dict[str, Any]]:
    return [
        {
            "number": result.number,
            "text": printable(result.question.text),
            "themes": [
                {
                    "rank": theme.rank,
                    "name": printable(theme.name),
                    "votes": theme.votes,
                    "ideas": [printable(idea) for idea in theme.ideas],
                }
                for theme in result.themes
            ],
            "ungrouped": [printable(idea) for idea in result.ungrouped],
        }
        for result in results
    ]


def pdf_bytes(workshop: Workshop, results: list[QuestionResult]) -> bytes:
    return pdf_from_template(
        "workshops/results/results_pdf.html",
        {
            "title": printable(workshop.title),
            "facts": printable(facts_text(workshop)),
            "results": _printed(results),
            "language": translation.get_language() or "fi",
            "printed_on": timezone.localdate(),
        },
    )


# --- Responses ----------------------------------------------------------------------------------

_BUILDERS: dict[str, tuple[Callable[[Workshop, list[QuestionResult]], Any], str]] = {
    "pdf": (pdf_bytes, PDF),
    "docx": (docx_bytes, DOCX),
    "md": (markdown_text, MARKDOWN),
}


def download(workshop: Workshop, results: list[QuestionResult], fmt: str) -> HttpResponse:
    """The result as a ``pdf``, ``docx`` or ``md`` download (``FORMATS``)."""
    build, content_type = _BUILDERS[fmt]
    data = build(workshop, results)
    if isinstance(data, str):
        data = data.encode("utf-8")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        content_disposition_header(True, file_name(workshop, fmt)) or "attachment"
    )
    return response
