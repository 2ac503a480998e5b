"""The feedback report of a programme (part B): what its feedback survey's respondents said.

For every scale question (the 4–10 grade of the whole training, and any Likert statement)
the distribution (a bar chart with its table), the mean and the median; for every free-text
question the answers in the respondents' own words, the same words once with their count,
the most given first, then alphabetically (never in the order given, never with a name or
an organisation).

Counted by the database in a constant number of grouped queries, whatever the number of
answers. Suppression (``core.privacy``): a question answered by fewer than five shows no
distribution, mean or median ("liian vähän vastauksia"); a distribution's cells under five
are "< 5" and, when one alone is small, another is hidden ("–") so the total minus the rest
never gives it; free-text answers are shown only when the survey has at least five
responses. There is no filter: the report is always the whole programme's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from tutori.core import charts, privacy
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.document import Chart, Document, Figures, Section, Table, Text
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.programmes.models import Programme
from tutori.surveys.models import (
    DEFAULT_SCALE,
    GRADE_MAX,
    GRADE_MIN,
    Answer,
    Question,
    Response,
    Survey,
)
from tutori.surveys.selectors.results import median_of
from tutori.surveys.text import localized

SCALE_KINDS = (Question.Kind.LIKERT, Question.Kind.GRADE)
# Free-text answers per page of the report's page (the downloads hold them all).
TEXTS_PER_PAGE = 50


@dataclass
class ScaleResult:
    """A scale question: its points' counts (already suppressed as text where small)."""

    question: Question
    text: str
    n: int
    points: list[tuple[str, int]] = field(default_factory=list)  # (label, count)
    mean: Decimal | None = None
    median: Decimal | None = None

    @property
    def suppressed(self) -> bool:
        return privacy.is_small(self.n)

    @property
    def shown_counts(self) -> list[str]:
        return privacy.shown_parts([count for _label, count in self.points])


@dataclass(frozen=True)
class TextAnswer:
    """A free-text answer and how many gave the very same words."""

    text: str
    count: int


@dataclass
class TextResult:
    """A free-text question: how many answered it (``n``), in how many different wordings
    (``distinct``), and the answers read (all, or one page of them)."""

    question: Question
    text: str
    n: int
    distinct: int
    answers: list[TextAnswer] = field(default_factory=list)


@dataclass
class Feedback:
    programme: Programme
    survey: Survey | None
    n: int = 0
    scales: list[ScaleResult] = field(default_factory=list)
    texts: list[TextResult] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        """Too few responses for anything but their count."""
        return privacy.is_small(self.n)


def _feedback_survey(programme: Programme) -> Survey | None:
    with scopes_disabled():  # the caller may read the programme's reports
        evaluation = (
            ProgrammeEvaluation.objects.filter(programme=programme)
            .select_related("feedback_survey")
            .first()
        )
    return evaluation.feedback_survey if evaluation is not None else None


def _points(question: Question) -> list[tuple[int, str]]:
    """The points of a scale question and their labels in the reader's language."""
    if question.kind == Question.Kind.GRADE:
        return [(grade, str(grade)) for grade in range(GRADE_MIN, GRADE_MAX + 1)]
    labels = localized(question, "scale_labels") or question.scale_labels or DEFAULT_SCALE
    return [(i, f"{i} {label}") for i, label in enumerate(labels, start=1)]


def _one_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _answers(survey: Survey) -> QuerySet[Answer]:
    return Answer.objects.filter(
        question__survey=survey, response__survey=survey, response__submitted=True
    )


@scopes_disabled()
def feedback(*, programme: Programme, texts: bool = True, survey: Survey | None = None) -> Feedback:
    """The programme's feedback: every scale question's distribution, mean and median, and
    (``texts``) every free-text answer. Six queries at most (the evaluation, the responses'
    count, the questions, the answers counted per question, per point, and the texts),
    however many answered. ``survey``: the feedback survey when the caller read it already."""
    survey = survey or _feedback_survey(programme)
    out = Feedback(programme=programme, survey=survey)
    if survey is None:
        return out
    out.n = Response.objects.filter(survey=survey, submitted=True).count()
    if out.suppressed:
        return out
    questions = [
        q
        for q in Question.objects.filter(
            survey=survey, kind__in=(*SCALE_KINDS, Question.Kind.TEXT)
        ).order_by("order", "pk")
    ]
    if not questions:
        return out
    answers = _answers(survey)
    per_question = {
        row["question_id"]: row
        for row in answers.values("question_id").annotate(
            mean=Avg("number"),
            texts=Count("pk", filter=~Q(text="")),
            distinct=Count("text", distinct=True, filter=~Q(text="")),
        )
    }
    numbers: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for question_id, number, count in (
        answers.filter(number__isnull=False, question__kind__in=SCALE_KINDS)
        .values_list("question_id", "number")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        numbers[question_id].append((number, count))
    text_ids = [q.pk for q in questions if q.kind == Question.Kind.TEXT]
    words: dict[int, list[TextAnswer]] = defaultdict(list)
    if texts and text_ids:
        for question_id, text, count in (
            answers.filter(question_id__in=text_ids)
            .exclude(text="")
            .values_list("question_id", "text")
            .annotate(count=Count("pk"))
            .order_by("question_id", "-count", "text")
        ):
            words[question_id].append(TextAnswer(text, count))
    for question in questions:
        stats = per_question.get(question.pk, {})
        if question.kind == Question.Kind.TEXT:
            # An empty text is no answer.
            out.texts.append(
                TextResult(
                    question=question,
                    text=localized(question, "text"),
                    n=stats.get("texts", 0),
                    distinct=stats.get("distinct", 0),
                    answers=words[question.pk],
                )
            )
            continue
        result = ScaleResult(question=question, text=localized(question, "text"), n=0)
        counted = dict(numbers[question.pk])
        result.n = sum(counted.values())
        out.scales.append(result)
        if result.suppressed:
            continue
        result.points = [(label, counted.get(point, 0)) for point, label in _points(question)]
        result.mean = _one_decimal(stats.get("mean"))
        result.median = median_of(numbers[question.pk])
    return out


@scopes_disabled()
def text_answers(*, survey: Survey, question: Question) -> QuerySet[Any]:
    """Every free-text answer of ``question`` (the same words once, with their count), the
    most given first, then alphabetically: rows of ``text`` and ``count`` to page. Only for
    a survey whose report shows texts (at least five responses: the caller asks
    ``Feedback.suppressed``)."""
    return (
        _answers(survey)
        .filter(question=question)
        .exclude(text="")
        .values("text")
        .annotate(count=Count("pk"))
        .order_by("-count", "text")
    )


# --- The document ---------------------------------------------------------------------------


def with_hidden_note(note: str, cells: Sequence[Any]) -> str:
    """``note``, and what "–" means when one of ``cells`` is hidden so."""
    if privacy.HIDDEN not in cells:
        return note
    return f"{note} " + _(
        "–: luku on piilotettu, jotta alle viiden luku ei selviäisi vähennyslaskulla."
    )


def _number(value: Decimal | None) -> str:
    return str(formats.number_format(value, use_l10n=True)) if value is not None else ""


def _scale_blocks(result: ScaleResult) -> list[Any]:
    if result.suppressed:
        return [
            Text(
                _("Liian vähän vastauksia (alle viisi): tuloksia ei näytetä."),
                tone="suppressed",
            )
        ]
    shown = result.shown_counts
    blocks: list[Any] = [
        Figures(
            [
                (_("Vastaajia"), result.n),
                (_("Keskiarvo"), result.mean),
                (_("Mediaani"), result.median),
            ]
        )
    ]
    rows = [[label, cell] for (label, _count), cell in zip(result.points, shown, strict=True)]
    table = Table(
        title=_("Vastausten jakauma: %(question)s") % {"question": result.text},
        header=[_("Vastaus"), _("Vastaajia")],
        rows=[[label, int(cell) if cell.isdigit() else cell] for label, cell in rows],
        total=[_("Yhteensä"), result.n],
        note=with_hidden_note(_("< 5: alle viisi vastaajaa."), shown),
        sheet=result.text,
    )
    if not any(cell.isdigit() for cell in shown):
        blocks.append(
            Text(
                _(
                    "Jakaumaa ei näytetä: jokaisessa kohdassa on alle viisi vastaajaa tai "
                    "luku paljastaisi pienen ryhmän."
                ),
                tone="suppressed",
            )
        )
        blocks.append(table)
        return blocks
    title = _("Vastausten jakauma: %(question)s") % {"question": result.text}
    svg = charts.bar_chart_svg(
        labels=[label for label, _count in result.points],
        values=[int(cell) if cell.isdigit() else 0 for cell in shown],
        bar_labels=shown,
        value_label=_("Vastaajia"),
        title=title,
    )
    described = ", ".join(
        f"{label}: {cell}" for (label, _count), cell in zip(result.points, shown, strict=True)
    )
    alt = _("Vaakapylväät vastaajien määrästä vastausvaihtoehdoittain. %(counts)s.") % {
        "counts": described
    }
    if result.mean is not None:
        alt += " " + _("Keskiarvo %(mean)s, mediaani %(median)s.") % {
            "mean": _number(result.mean),
            "median": _number(result.median),
        }
    blocks.append(Chart(title=title, svg=svg, alt=alt, table=table))
    return blocks


def text_table(result: TextResult, answers: Sequence[TextAnswer]) -> Table:
    """A free-text question's answers as a table (the PDF, the XLSX: one sheet each)."""
    return Table(
        title=result.text,
        header=[_("Vastaus"), _("Sama vastaus (kpl)")],
        rows=[[answer.text, answer.count] for answer in answers],
        numeric=[1],
        sheet=result.text,
    )


def feedback_sections(
    *, programme: Programme, texts: bool = True, result: Feedback | None = None
) -> list[Section]:
    """The report's sections (for the funder report too): an overview, one section per
    scale question and, with ``texts``, one per free-text question with all its answers."""
    fb = result or feedback(programme=programme, texts=texts)
    overview = Section(_("Palautekysely"), anchor="feedback-overview")
    sections = [overview]
    if fb.survey is None:
        overview.blocks.append(Text(_("Koulutukseen ei ole liitetty palautekyselyä."), tone="note"))
        return sections
    overview.blocks.append(Figures([(_("Kysely"), fb.survey.title), (_("Vastauksia"), fb.n)]))
    if fb.suppressed:
        overview.blocks.append(
            Text(
                _(
                    "Liian vähän vastauksia: palautetta antoi alle viisi, joten tuloksia ja "
                    "avovastauksia ei näytetä, jotta yksittäiset vastaajat eivät erotu."
                ),
                tone="suppressed",
            )
        )
        return sections
    overview.blocks.append(
        Text(
            _(
                "Avovastaukset ovat vastaajien omin sanoin, ilman nimeä tai organisaatiota; "
                "samat sanat näytetään kerran lukumäärineen, yleisimmät ensin."
            ),
            tone="note",
        )
    )
    for index, scale in enumerate(fb.scales, start=1):
        sections.append(Section(scale.text, _scale_blocks(scale), anchor=f"feedback-scale-{index}"))
    if texts:
        for index, text in enumerate(fb.texts, start=1):
            section = Section(text.text, anchor=f"feedback-text-{index}")
            if text.answers:
                section.blocks.append(
                    Text(
                        _("Vastauksia %(n)s, eri sanoin %(distinct)s.")
                        % {"n": text.n, "distinct": text.distinct},
                        tone="note",
                    )
                )
                section.blocks.append(text_table(text, text.answers))
            else:
                section.blocks.append(Text(_("Tähän kysymykseen ei vastattu."), tone="note"))
            sections.append(section)
    return sections


def facts(programme: Programme) -> list[tuple[str, Any]]:
    """What a programme report covers: the programme, its organiser and dates."""
    dates = ""
    if programme.starts_on and programme.ends_on:
        dates = (
            f"{formats.date_format(programme.starts_on, 'j.n.Y')}–"
            f"{formats.date_format(programme.ends_on, 'j.n.Y')}"
        )
    out: list[tuple[str, Any]] = [
        (_("Koulutus"), programme.name),
        (_("Järjestäjä"), programme.organisation.name),
    ]
    if dates:
        out.append((_("Ajankohta"), dates))
    return out


def feedback_document(
    *, programme: Programme, texts: bool = True, result: Feedback | None = None
) -> Document:
    """The feedback report as a document: the page (``texts=False``: the page pages the
    free-text answers itself), the PDF and the XLSX (every answer)."""
    return Document(
        title=_("Palaute: %(programme)s") % {"programme": programme.name},
        facts=facts(programme),
        sections=feedback_sections(programme=programme, texts=texts, result=result),
        filename=f"palaute-{programme.name}",
    )
