"""Reads of a survey's results: the response rate, the distributions, means and medians of
every question, free-text answers and the rows of an export.

Everything is counted by the database: a handful of grouped queries for the whole survey,
whatever the number of responses (a median is read from the grouped counts, never from the
rows). Only submitted responses count, and only those the viewer may see (a coordinator of
the survey's organisation sees them all, a manager those given in their units). Any
breakdown of fewer than five answers is not shown (core.privacy).
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Avg, Count, F, Max, Min, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tutori.core import privacy
from tutori.core.kept import kept
from tutori.core.numbers import middle_values
from tutori.orgs.models import Role
from tutori.surveys import permissions
from tutori.surveys.models import (
    Answer,
    Choice,
    Question,
    QuestionRevision,
    Recipient,
    Response,
    Section,
    Survey,
)
from tutori.surveys.text import localized

if TYPE_CHECKING:
    from tutori.accounts.models import User

T = TypeVar("T")

# Free-text answers shown under a question before "näytä kaikki".
TEXT_SHOWN = 10
# A closed survey's results no longer change: they are read once and kept this long (the
# national benchmark's 100 000 responses take most of a second to count).
CLOSED_CACHE_SECONDS = 60 * 60
SCALE_KINDS = (Question.Kind.LIKERT, Question.Kind.GRADE)
CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE)


def results_survey_get(*, user: User, pk: int) -> Survey | None:
    """A survey (not an instrument) the user sees, with its organisation."""
    return Survey.objects.shown(
        user, pk, sees=permissions.surely_visible, related=("organisation",), is_instrument=False
    )


def kept_while_closed(
    survey: Survey, user: User, what: str, parts: Iterable[Any], compute: Callable[[], T]
) -> T:
    """``compute()``, kept in the cache while ``survey`` is closed (nothing is answered any
    more): per survey state, viewer's reach (everything, or their own units), language and
    ``parts``. An open survey is always counted afresh, so its results are live."""
    if survey.status != Survey.Status.CLOSED:
        return compute()
    reach = "all" if permissions.sees_all_results(user, survey) else f"user-{user.pk}"
    state = (survey.pk, survey.version, str(survey.updated_at), str(survey.closes_at))
    described = "|".join(str(part) for part in (*state, reach, get_language() or "", *parts))
    key = f"tutori:survey-results:{what}:{hashlib.sha256(described.encode()).hexdigest()}"
    return kept(key, compute, CLOSED_CACHE_SECONDS)


# --- The response rate ----------------------------------------------------------------------


@dataclass
class RateRow:
    label: str
    recipients: int
    answered: int

    @property
    def rate(self) -> int:
        """Answered as a whole percentage of the recipients."""
        return _percent(self.answered, self.recipients)


@dataclass
class ResponseRate:
    rows: list[RateRow]

    @property
    def recipients(self) -> int:
        return sum(row.recipients for row in self.rows)

    @property
    def answered(self) -> int:
        return sum(row.answered for row in self.rows)

    @property
    def rate(self) -> int:
        return _percent(self.answered, self.recipients)


def _percent(part: int, whole: int) -> int:
    if not whole:
        return 0
    return int((Decimal(part * 100) / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def response_rate(*, user: User, survey: Survey) -> ResponseRate:
    """Recipients and those who answered, per organisation of the recipients, of the
    organisations the viewer may see (counts of people, not answers: nothing is suppressed).
    One grouped query (kept once the survey is closed)."""
    return kept_while_closed(survey, user, "rate", (), lambda: _response_rate(user, survey))


def _response_rate(user: User, survey: Survey) -> ResponseRate:
    grouped = (
        Recipient.objects.visible_to(user, "surveys.rate")
        .filter(survey=survey)
        .values_list("organisation_id", "organisation__name")
        .annotate(total=Count("pk"), answered=Count("pk", filter=Q(answered=True)))
        .order_by(F("organisation__name").asc(nulls_last=True), "organisation_id")
    )
    return ResponseRate(
        rows=[
            RateRow(name or _("Ei organisaatiota"), total, answered)
            for _pk, name, total, answered in grouped
        ]
    )


# --- Filters --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What a results page or an export covers; ``None`` = everything the viewer sees."""

    organisation: OrganisationOption | None = None
    role: str = ""

    @property
    def active(self) -> bool:
        return self.organisation is not None or bool(self.role)

    def describe(self) -> str:
        parts = []
        if self.organisation is not None:
            parts.append(_("Organisaatio: %(name)s") % {"name": self.organisation.name})
        if self.role:
            parts.append(_("Rooli: %(role)s") % {"role": role_label(self.role)})
        return ", ".join(parts) or _("Kaikki vastaukset")


def role_label(role: str | None) -> str:
    """A role's name (a role not among today's, or a merged group, as it is)."""
    if not role:
        return ""
    return str(Role(role).label) if role in Role.values else role


@dataclass(frozen=True)
class OrganisationOption:
    pk: int
    name: str
    path: str


def organisation_options(*, user: User, survey: Survey) -> list[OrganisationOption]:
    """The organisations the viewer may narrow the results to: those of the answers they
    see (so never one they do not reach). One query (kept once the survey is closed)."""
    return kept_while_closed(
        survey, user, "organisations", (), lambda: _organisation_options(user, survey)
    )


def _organisation_options(user: User, survey: Survey) -> list[OrganisationOption]:
    return [
        OrganisationOption(pk, name, path)
        for pk, name, path in Response.objects.visible_to(user)
        .filter(survey=survey, submitted=True, organisation__isnull=False)
        .values_list("organisation_id", "organisation__name", "organisation__path")
        .distinct()
        .order_by("organisation__name", "organisation_id")
    ]


def submitted_responses(*, user: User, survey: Survey, filters: Filters) -> QuerySet[Response]:
    """The submitted responses the viewer sees under ``filters``."""
    qs = Response.objects.visible_to(user).filter(survey=survey, submitted=True)
    if filters.organisation is not None:
        qs = qs.filter(organisation__path__startswith=filters.organisation.path)
    if filters.role:
        qs = qs.filter(role=filters.role)
    return qs  # type: ignore[no-any-return]


# --- Results per question -------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int
    share: int  # percent of the question's respondents


@dataclass(frozen=True)
class TextAnswer:
    """A free-text answer and how many gave the very same words."""

    text: str
    count: int


@dataclass
class QuestionResult:
    question: Question
    text: str
    n: int
    bars: list[Bar] = field(default_factory=list)
    mean: Decimal | None = None
    median: Decimal | None = None
    minimum: int | None = None
    maximum: int | None = None
    texts: list[TextAnswer] = field(default_factory=list)
    # Earlier wordings (version, text): answers given before an edit were given to them.
    earlier: list[tuple[int, str]] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        return privacy.is_small(self.n)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def has_distribution(self) -> bool:
        return self.kind in (*SCALE_KINDS, *CHOICE_KINDS, Question.Kind.TOPICS)

    @property
    def has_statistics(self) -> bool:
        return self.kind in (*SCALE_KINDS, Question.Kind.NUMBER)

    @property
    def more_texts(self) -> bool:
        return self.kind == Question.Kind.TEXT and self.n > sum(t.count for t in self.texts)


@dataclass
class SectionResult:
    title: str
    help_text: str
    questions: list[QuestionResult]


@dataclass
class Results:
    survey: Survey
    filters: Filters
    n: int
    # Under a filter: the answers it leaves out (of those the viewer sees).
    left_out: int = 0
    sections: list[SectionResult] = field(default_factory=list)

    @property
    def reveals_the_rest(self) -> bool:
        """Whether the filter leaves out so few answers that comparing its results with
        the whole would show theirs."""
        return self.filters.active and 0 < self.left_out < privacy.SMALL_GROUP_LIMIT

    @property
    def suppressed(self) -> bool:
        return privacy.is_small(self.n) or self.reveals_the_rest


def left_out(*, user: User, survey: Survey, filters: Filters, n: int) -> int:
    """How many of the answers the viewer sees ``filters`` leaves out (one query, only
    under a filter)."""
    if not filters.active:
        return 0
    return submitted_responses(user=user, survey=survey, filters=Filters()).count() - n


def median_of(counts: Sequence[tuple[int, int]]) -> Decimal | None:
    """The median of values given as ``(value, count)`` pairs (grouped by the database)."""
    middle = middle_values(counts)
    if middle is None:
        return None
    low, high = middle
    return Decimal(low) if low == high else (Decimal(low) + Decimal(high)) / 2


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _structure(survey: Survey) -> tuple[list[Section], list[Question], dict[int, list[Choice]]]:
    """The survey's sections, questions and choices: three queries."""
    sections = list(Section.objects.filter(survey=survey))
    questions = list(Question.objects.filter(survey=survey).order_by("order", "pk"))
    choices: dict[int, list[Choice]] = defaultdict(list)
    for choice in Choice.objects.filter(question__survey=survey).order_by("order", "pk"):
        choices[choice.question_id].append(choice)
    return sections, questions, choices


def _scale_points(question: Question) -> list[tuple[int, str]]:
    """The points of a scale question and their labels in the reader's language."""
    from tutori.surveys.models import DEFAULT_SCALE, GRADE_MAX, GRADE_MIN

    if question.kind == Question.Kind.GRADE:
        return [(grade, str(grade)) for grade in range(GRADE_MIN, GRADE_MAX + 1)]
    labels = localized(question, "scale_labels") or question.scale_labels or DEFAULT_SCALE
    return [(i, f"{i} {label}") for i, label in enumerate(labels, start=1)]


def survey_results(
    *, user: User, survey: Survey, filters: Filters, show_all_texts: int | None = None
) -> Results:
    """Every question's results under ``filters``: the count of responses (one query; when
    under five, nothing else is read), the structure (three), five grouped aggregates of
    the answers (the free-text ones capped per question by a window) and the earlier
    wordings of questions edited after answers came (one, only then) — the same queries for
    ten responses or a hundred thousand. ``show_all_texts`` names a free-text question whose
    answers are not capped here (the view pages them with ``text_answers``). Kept once the
    survey is closed."""
    organisation = filters.organisation.pk if filters.organisation else ""
    return kept_while_closed(
        survey,
        user,
        "results",
        (organisation, filters.role, show_all_texts or ""),
        lambda: _survey_results(user, survey, filters, show_all_texts),
    )


def _survey_results(
    user: User, survey: Survey, filters: Filters, show_all_texts: int | None
) -> Results:
    responses = submitted_responses(user=user, survey=survey, filters=filters)
    n = responses.count()
    results = Results(survey=survey, filters=filters, n=n)
    if results.suppressed:
        return results
    results.left_out = left_out(user=user, survey=survey, filters=filters, n=n)
    if results.suppressed:
        return results
    sections, questions, choices = _structure(survey)
    # By question first: the answer indexes lead with it.
    answers = Answer.objects.filter(
        question_id__in=[q.pk for q in questions], response__in=responses.values("pk")
    )

    per_question = {
        row["question_id"]: row
        for row in answers.values("question_id").annotate(
            n=Count("response_id", distinct=True),
            mean=Avg("number"),
            low=Min("number"),
            high=Max("number"),
        )
    }
    numbers: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for question_id, number, count in (
        answers.filter(number__isnull=False)
        .values_list("question_id", "number")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        numbers[question_id].append((number, count))
    choice_counts: dict[int, int] = dict(
        answers.filter(choice__isnull=False)
        .values_list("choice_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    topics: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for question_id, _topic, label, count in (
        answers.filter(topic_id__isnull=False)
        .values_list("question_id", "topic_id")
        .annotate(label=Max("topic_label"), count=Count("pk"))
        .order_by("question_id", "-count", "label")
    ):
        topics[question_id].append((label, count))
    texts: dict[int, list[TextAnswer]] = defaultdict(list)
    text_questions = [q.pk for q in questions if q.kind == Question.Kind.TEXT]
    if text_questions:
        # The most given answers of each question (the same words once, with their count),
        # then alphabetically: never in the order they were given.
        capped = (
            answers.filter(question_id__in=text_questions)
            .exclude(text="")
            .values("question_id", "text")
            .annotate(count=Count("pk"))
            .annotate(
                position=Window(
                    RowNumber(),
                    partition_by=F("question_id"),
                    order_by=[F("count").desc(), F("text").asc()],
                ),
            )
            .filter(position__lte=TEXT_SHOWN)
            .values_list("question_id", "text", "count")
        )
        for question_id, text, count in capped:
            if question_id != show_all_texts:
                texts[question_id].append(TextAnswer(text, count))

    earlier: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if survey.version > 1:  # some wording was edited after answers came
        for question_id, version, text in QuestionRevision.objects.filter(
            question__survey=survey
        ).values_list("question_id", "version", "text"):
            earlier[question_id].append((version, text))

    by_section: dict[int | None, list[QuestionResult]] = defaultdict(list)
    for question in questions:
        stats = per_question.get(question.pk, {})
        n = stats.get("n", 0)
        result = QuestionResult(
            question=question,
            text=localized(question, "text"),
            n=n,
            earlier=earlier[question.pk],
        )
        by_section[question.section_id].append(result)
        if result.suppressed:
            continue
        if question.kind in SCALE_KINDS:
            counted = dict(numbers[question.pk])
            result.bars = [
                Bar(label, counted.get(point, 0), _percent(counted.get(point, 0), n))
                for point, label in _scale_points(question)
            ]
        elif question.kind in CHOICE_KINDS:
            result.bars = [
                Bar(
                    localized(choice, "label"),
                    choice_counts.get(choice.pk, 0),
                    _percent(choice_counts.get(choice.pk, 0), n),
                )
                for choice in choices[question.pk]
            ]
        elif question.kind == Question.Kind.TOPICS:
            result.bars = [
                Bar(label, count, _percent(count, n)) for label, count in topics[question.pk]
            ]
        elif question.kind == Question.Kind.TEXT:
            result.texts = texts[question.pk]
        if result.has_statistics:
            result.mean = _decimal(stats.get("mean"))
            result.median = median_of(numbers[question.pk])
            result.minimum = stats.get("low")
            result.maximum = stats.get("high")

    results.sections = [
        SectionResult(
            localized(section, "title"), localized(section, "help_text"), by_section[section.pk]
        )
        for section in sections
        if by_section.get(section.pk)
    ]
    if by_section.get(None):
        results.sections.insert(0, SectionResult("", "", by_section[None]))
    return results


def text_answers(
    *, user: User, survey: Survey, filters: Filters, question: Question
) -> QuerySet[Any]:
    """Every free-text answer of ``question`` under ``filters`` (the same words once, with
    their count), the most given first, then alphabetically: rows of text and count to page."""
    responses = submitted_responses(user=user, survey=survey, filters=filters)
    return (
        Answer.objects.filter(question=question, response__in=responses.values("pk"))
        .exclude(text="")
        .values("text")
        .annotate(count=Count("pk"))
        .order_by("-count", "text")
    )


# --- The export -----------------------------------------------------------------------------


@dataclass
class ExportTable:
    header: list[str]
    rows: list[list[Any]]


def _answer_value(question: Question, values: list[Any]) -> Any:
    if not values:
        return None
    if question.kind in (Question.Kind.MULTIPLE, Question.Kind.TOPICS):
        return "; ".join(str(v) for v in values)
    return values[0]


def results_export(
    *, user: User, survey: Survey, filters: Filters, with_names: bool
) -> ExportTable:
    """One row per submitted response the viewer sees under ``filters``, one column per
    question (multiple choices and topics joined), with organisation and role. No response
    id, no date: rows of an anonymous survey are shuffled. ``with_names`` (identified surveys,
    viewers who see all results) adds the person's name and e-mail. Five queries."""
    responses = submitted_responses(user=user, survey=survey, filters=filters)
    _sections, questions, choices = _structure(survey)
    labels = {c.pk: localized(c, "label") for cs in choices.values() for c in cs}
    named = with_names and not survey.anonymous
    fields = ["pk", "organisation__name", "role"]
    if named:
        fields += ["person__display_name", "person__email", "recipient__name", "recipient__email"]
    people = list(responses.values_list(*fields))
    if not named:
        people = _small_groups_merged(people)
    given: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for response_id, question_id, number, choice_id, topic, text in (
        Answer.objects.filter(
            question_id__in=[q.pk for q in questions], response__in=responses.values("pk")
        )
        .values_list("response_id", "question_id", "number", "choice_id", "topic_label", "text")
        .order_by("response_id", "question_id", "pk")
    ):
        if choice_id is not None:
            value: Any = labels.get(choice_id, "")
        elif number is not None:
            value = number
        elif topic:
            value = topic
        else:
            value = text
        given[(response_id, question_id)].append(value)

    header = [_("Organisaatio"), _("Rooli")]
    if named:
        header += [_("Nimi"), _("Sähköposti")]
    header += [localized(q, "text") for q in questions]
    rows = []
    for row in people:
        pk, organisation, role = row[:3]
        line: list[Any] = [organisation or "", role_label(role)]
        if named:
            line += [row[3] or row[5] or "", row[4] or row[6] or ""]
        line += [_answer_value(q, given.get((pk, q.pk), [])) for q in questions]
        rows.append(line)
    if named:
        rows.sort(key=lambda line: (str(line[2]).casefold(), str(line[3])))
    else:
        # Neither the order of answering nor anything derived from it.
        random.SystemRandom().shuffle(rows)
        rows.sort(key=lambda line: (str(line[0]), str(line[1])))
    return ExportTable(header=header, rows=rows)


def _small_groups_merged(people: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows without names keep their organisation only when at least five rows share it,
    and their role only when five rows share it within the organisation as shown: a school
    with one respondent, or the one coach of a school, is not picked out of an export."""
    merged = _("ei eritelty (alle 5 vastaajaa)")
    per_organisation = Counter(row[1] for row in people)
    shown = [
        (row[0], row[1] if not privacy.is_small(per_organisation[row[1]]) else merged, row[2])
        for row in people
    ]
    per_role = Counter((row[1], row[2]) for row in shown)
    return [
        (pk, organisation, role if not privacy.is_small(per_role[(organisation, role)]) else merged)
        for pk, organisation, role in shown
    ]


def role_options() -> Iterable[tuple[str, str]]:
    return [(value, str(label)) for value, label in Role.choices]
