"""The pre/post report of a programme (part P): how the participants' self-assessment
changed from the start to the end (seed 004's Kuvio 17), statement by statement and area by
area, with the paired test of the change.

What it reads
  The programme's evaluation links a pre and a post survey made from the same instrument.
  A statement is a scale (LIKERT) question of the pre survey, found in the post survey by
  its stable ``key``; an area is the pre survey's section. A *pair* is one person's pre and
  post answer within the same programme (never across programmes); anonymous surveys have
  no person, so no pairs (the report says why).

How it counts (every number in the database, a constant handful of queries)
  - the statements and areas (one query);
  - the answers per cohort, statement and scale point (GROUP BY);
  - the responses per cohort, organisation and whether the same person answered the other
    survey of the programme (GROUP BY over an EXISTS);
  - the pairs per statement grouped by (before, after) (a correlated subquery finds the
    after answer of the same person, programme and key): at most 25 rows a statement;
  - the area scores (a person's mean of the area's statements) grouped by (statements
    answered, sum before, sum after) over a per-person GROUP BY: a bounded number of rows
    whatever the number of people.
  Only the grouped counts reach Python; ``stats`` expands the differences for scipy.

Small groups (``core.privacy``)
  A bar (a statement before or after) answered by fewer than five is "liian vähän
  vastauksia"; a scale point under five is "< 5", and when it would be the only hidden one
  of its bar another is hidden ("–"), so the bar's total minus the rest never gives it.
  Under a filter (the respondents' organisation) or with other cohorts, a figure is shown
  only when every group that reports could split it into — each cohort's answers of each
  organisation offered as a filter, and of everyone else — is none or at least five: no
  report minus others (the whole minus one or two filtered ones, several cohorts minus
  one) can give a group under five (the subtraction attack). An
  organisation is offered as a filter only when ``privacy.subset_shown`` allows it for the
  answers before, after and the pairs, and the organisations left out of the choice don't
  together hold 1–4 people; another cohort only when its answers and pairs are none or at
  least five.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeVar

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils.translation import gettext as _

from tutori.core import privacy
from tutori.core.kept import kept
from tutori.core.scoping import scopes_disabled
from tutori.evaluation import charts, stats
from tutori.evaluation.document import Chart, Document, Figures, Section, Table, Text
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.orgs.models import Organisation
from tutori.programmes.models import Programme
from tutori.surveys.models import DEFAULT_SCALE, Answer, Question, Response, Survey
from tutori.surveys.text import localized

LIKERT = Question.Kind.LIKERT
# At most this many other cohorts in one report (the choice lists them all).
MAX_COHORTS = 20
# A statement's characters in a chart's bar label.
CHART_LABEL = 34


# --- Cohorts and structure ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cohort:
    """One programme's pre and post survey."""

    evaluation_pk: int
    programme_pk: int
    name: str
    pre_id: int
    post_id: int
    anonymous: bool
    # Both surveys closed: their answers no longer change (the counts may be kept).
    closed: bool = False
    # What changes when the surveys do (the key of the kept counts).
    state: str = ""


@dataclass
class Statement:
    key: str
    text: str


@dataclass
class Area:
    title: str
    statements: list[Statement] = field(default_factory=list)


@dataclass(frozen=True)
class Choice:
    """An organisation or another cohort offered as a filter (or why it isn't)."""

    pk: int
    name: str
    available: bool
    reason: str = ""


@dataclass
class PrepostReport:
    """The report, and what its page offers: the organisations and the other cohorts of
    the same instrument, each available or with the reason it is not."""

    programme: Programme
    document: Document
    evaluation: ProgrammeEvaluation | None = None
    organisations: list[Choice] = field(default_factory=list)
    cohorts: list[Choice] = field(default_factory=list)
    organisation: Choice | None = None
    chosen_cohorts: list[Choice] = field(default_factory=list)
    problem: str = ""
    totals: Totals | None = None  # the answers and pairs counted (before suppression)


def evaluation_of(programme: Programme) -> ProgrammeEvaluation | None:
    """The programme's evaluation with its pre and post surveys (the caller may read it)."""
    with scopes_disabled():
        return (
            ProgrammeEvaluation.objects.select_related("pre_survey", "post_survey")
            .filter(programme=programme)
            .first()
        )


def _cohort(evaluation: ProgrammeEvaluation, programme: Programme) -> Cohort:
    pre, post = evaluation.pre_survey, evaluation.post_survey
    assert pre is not None and post is not None
    return Cohort(
        evaluation.pk,
        programme.pk,
        programme.name,
        pre.pk,
        post.pk,
        pre.anonymous or post.anonymous,
        closed=pre.status == Survey.Status.CLOSED and post.status == Survey.Status.CLOSED,
        state="|".join(
            f"{x.pk}:{x.version}:{x.updated_at.isoformat()}:{x.closes_at}" for x in (pre, post)
        ),
    )


def other_cohorts(*, user: Any, evaluation: ProgrammeEvaluation) -> list[Cohort]:
    """The other programmes' pre/post of the same instrument whose reports ``user`` reads
    (one query)."""
    pre = evaluation.pre_survey
    if pre is None or pre.instrument_id is None or evaluation.post_survey_id is None:
        return []
    rows = (
        ProgrammeEvaluation.objects.visible_to(user)
        .filter(pre_survey__instrument_id=pre.instrument_id, post_survey__isnull=False)
        .exclude(pk=evaluation.pk)
        .select_related("programme", "pre_survey", "post_survey")
        .order_by("-programme__starts_on", "programme__name", "pk")
    )
    return [_cohort(e, e.programme) for e in rows[:MAX_COHORTS]]


def _structure(pre_id: int, post_id: int) -> list[Area]:
    """The areas and statements of the pre survey that the post survey also asks (one
    query)."""
    questions = list(
        Question.objects.filter(survey_id__in=(pre_id, post_id), kind=LIKERT)
        .select_related("section")
        .order_by("section__order", "section_id", "order", "pk")
    )
    post_keys = {q.key for q in questions if q.survey_id == post_id}
    areas: dict[int | None, Area] = {}
    for q in questions:
        if q.survey_id != pre_id or q.key not in post_keys:
            continue
        if q.section_id not in areas:
            title = localized(q.section, "title") if q.section else _("Väittämät")
            areas[q.section_id] = Area(str(title))
        areas[q.section_id].statements.append(Statement(q.key, str(localized(q, "text"))))
    return list(areas.values())


def _scale(pre_id: int) -> list[str]:
    """The scale points' labels of the pre survey's first statement (one query)."""
    question = (
        Question.objects.filter(survey_id=pre_id, kind=LIKERT).order_by("order", "pk").first()
    )
    if question is None:
        return list(DEFAULT_SCALE)
    labels = localized(question, "scale_labels") or question.scale_labels or DEFAULT_SCALE
    return [str(label) for label in labels]


# --- Counting -----------------------------------------------------------------------------------


def _partner(cohorts: Sequence[Cohort], field_name: str) -> Case:
    """The other survey of the same programme: post for a pre answer and pre for a post."""
    whens = [When(**{field_name: c.pre_id}, then=Value(c.post_id)) for c in cohorts]
    whens += [When(**{field_name: c.post_id}, then=Value(c.pre_id)) for c in cohorts]
    return Case(*whens, default=Value(0), output_field=IntegerField())


@dataclass
class Counts:
    """Responses of one survey (of one organisation): all, those whose person answered the
    programme's other survey, and those whose person answered it in the same organisation
    (a pair of the organisation's filtered report)."""

    answered: int = 0
    paired: int = 0
    paired_here: int = 0


def _response_counts(
    cohorts: Sequence[Cohort], *, by_organisation: bool
) -> dict[tuple[int, int | None], Counts]:
    """Submitted responses per (survey, organisation), with how many are paired: the same
    person answered the programme's other survey (``paired_here``: in the same
    organisation). One query."""
    ids = [i for c in cohorts for i in (c.pre_id, c.post_id)]
    if not ids:
        return {}
    other = Response.objects.filter(
        survey_id=OuterRef("partner"), person_id=OuterRef("person_id"), submitted=True
    )
    here = other.filter(organisation_id=OuterRef("organisation_id"))
    rows = (
        Response.objects.filter(survey_id__in=ids, submitted=True)
        .annotate(partner=_partner(cohorts, "survey_id"))
        .annotate(paired=Exists(other), paired_here=Exists(here))
        .values(
            "survey_id",
            *(("organisation_id",) if by_organisation else ()),
            "paired",
            "paired_here",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    out: dict[tuple[int, int | None], Counts] = defaultdict(Counts)
    for row in rows:
        counts = out[(row["survey_id"], row.get("organisation_id"))]
        counts.answered += row["n"]
        counts.paired += row["n"] if row["paired"] else 0
        counts.paired_here += row["n"] if row["paired_here"] else 0
    return out


@dataclass
class Totals:
    pre: int = 0
    post: int = 0
    pairs: int = 0

    @property
    def pre_only(self) -> int:
        return self.pre - self.pairs

    @property
    def post_only(self) -> int:
        return self.post - self.pairs


ALL = object()  # _totals of every organisation


def _totals(
    counts: dict[tuple[int, int | None], Counts],
    cohorts: Sequence[Cohort],
    organisation: Any = ALL,
) -> Totals:
    """The cohorts' answers before and after and their pairs, of one organisation (None: the
    answers given without one; pairs both of whose answers were given in it) or of all."""
    return _totals_by_organisation(counts, cohorts, whole=organisation is ALL).get(
        organisation, Totals()
    )


def _totals_by_organisation(
    counts: dict[tuple[int, int | None], Counts],
    cohorts: Sequence[Cohort],
    *,
    whole: bool = False,
) -> dict[Any, Totals]:
    """Each organisation's totals in one pass over the counts (pairs given in it), or with
    ``whole`` the totals of all of them under ``ALL`` (every pair)."""
    pre_ids = {c.pre_id for c in cohorts}
    post_ids = {c.post_id for c in cohorts}
    out: dict[Any, Totals] = defaultdict(Totals)
    for (survey_id, org), c in counts.items():
        key = ALL if whole else org
        if survey_id in pre_ids:
            out[key].pre += c.answered
            out[key].pairs += c.paired if whole else c.paired_here
        elif survey_id in post_ids:
            out[key].post += c.answered
    return out


def _answers(cohorts: Sequence[Cohort], keys: Sequence[str]) -> QuerySet[Answer]:
    ids = [i for c in cohorts for i in (c.pre_id, c.post_id)]
    return Answer.objects.filter(
        response__survey_id__in=ids,
        response__submitted=True,
        question__kind=LIKERT,
        question__key__in=keys,
        number__isnull=False,
    )


Groups = dict[int, int]  # answers per group (see _distributions)
REST = -1


def _distributions(
    cohorts: Sequence[Cohort],
    keys: Sequence[str],
    organisation: int | None,
    offered: Sequence[int] = (),
) -> dict[tuple[int, str, int], Groups]:
    """{(survey, key, point): {group: answers}}: one query. Without a filter there is one
    group (``REST``: everyone); under one, a group per organisation offered as a filter and
    ``REST`` for everyone else — the groups any two reports could be subtracted into."""
    group: Any = Value(REST)
    if organisation is not None and offered:
        group = Case(
            When(response__organisation_id__in=list(offered), then="response__organisation_id"),
            default=Value(REST),
            output_field=IntegerField(),
        )
    rows = (
        _answers(cohorts, keys)
        .annotate(group=group)
        .values("response__survey_id", "question__key", "number", "group")
        .annotate(n=Count("id"))
        .order_by()
    )
    out: dict[tuple[int, str, int], Groups] = defaultdict(dict)
    for r in rows:
        out[(r["response__survey_id"], r["question__key"], r["number"])][r["group"]] = r["n"]
    return dict(out)


def _paired_answers(
    cohorts: Sequence[Cohort], keys: Sequence[str], organisation: int | None
) -> QuerySet[Any]:
    """The pre answers that have an after answer by the same person, to the same statement,
    of the same programme (``after``); under an organisation both given in it."""
    after = Answer.objects.filter(
        response__survey_id=OuterRef("partner"),
        response__person_id=OuterRef("response__person_id"),
        response__submitted=True,
        question__key=OuterRef("question__key"),
        number__isnull=False,
    )
    pre = Answer.objects.filter(
        response__survey_id__in=[c.pre_id for c in cohorts],
        response__submitted=True,
        response__person__isnull=False,
        question__kind=LIKERT,
        question__key__in=keys,
        number__isnull=False,
    )
    if organisation is not None:
        after = after.filter(response__organisation_id=organisation)
        pre = pre.filter(response__organisation_id=organisation)
    return (
        pre.annotate(partner=_partner(cohorts, "response__survey_id"))
        .annotate(after=Subquery(after.values("number")[:1]))
        .filter(after__isnull=False)
    )


def _changes(paired: QuerySet[Any]) -> dict[str, list[tuple[int, int, int]]]:
    """{key: [(before, after, count)]}: one query."""
    rows = paired.values("question__key", "number", "after").annotate(n=Count("id")).order_by()
    out: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for row in rows:
        out[row["question__key"]].append((row["number"], row["after"], row["n"]))
    return out


def _area_scores(
    paired: QuerySet[Any], areas: Sequence[Area]
) -> dict[int, list[tuple[int, int, int, int]]]:
    """{area index: [(statements answered, sum before, sum after, people)]}: a person's
    sums over the area's paired statements, grouped again by those sums. One query."""
    area = Case(
        *[
            When(question__key__in=[s.key for s in a.statements], then=Value(i))
            for i, a in enumerate(areas)
            if a.statements
        ],
        default=Value(-1),
        output_field=IntegerField(),
    )
    per_person = (
        paired.annotate(area=area)
        .values("response_id", "area")
        .annotate(k=Count("id"), sb=Sum("number"), sa=Sum("after"))
        .order_by()
    )
    sql, params = per_person.query.sql_with_params()
    with connection.cursor() as cursor:
        # Django's own SQL of the per-person query (its values are parameters).
        columns = "t.area, t.k, t.sb, t.sa"
        outer = f"SELECT {columns}, COUNT(*) FROM ({sql}) t GROUP BY {columns}"  # noqa: S608
        cursor.execute(
            outer,
            params,
        )
        rows = cursor.fetchall()
    out: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
    for index, k, sb, sa, n in rows:
        out[int(index)].append((int(k), int(sb), int(sa), int(n)))
    return out


# --- Suppression --------------------------------------------------------------------------------


def _atoms_ok(inside: Sequence[int], atoms: Sequence[int]) -> bool:
    """Whether a figure (the sum of ``inside``, a part per cohort) may be shown: it is five
    or more, and so is each group it could be split into by subtracting one report from
    another (``atoms``: each cohort's answers of each organisation offered as a filter and
    of everyone else), unless the group is empty."""
    return not privacy.is_small(sum(inside)) and all(
        a == 0 or not privacy.is_small(a) for a in atoms
    )


def _shown_cells(values: Sequence[int], shown: Sequence[bool]) -> list[int | str]:
    """A bar's counts as shown: hidden ones "< 5"; when exactly one is hidden, the smallest
    of the others is hidden too ("–"), so the total minus the rest never gives it."""
    out: list[int | str] = [
        v if ok else privacy.shown(0) for v, ok in zip(values, shown, strict=True)
    ]
    hidden = [i for i, ok in enumerate(shown) if not ok]
    if len(hidden) == 1 and len(values) > 1:
        other = min((i for i in range(len(values)) if i != hidden[0]), key=lambda i: values[i])
        out[other] = privacy.HIDDEN
    return out


@dataclass
class Bar:
    """A statement's answers before or after: counts per scale point as shown."""

    label: str
    n: int
    shown: bool
    cells: list[int | str]
    counts: list[int]

    @property
    def mean(self) -> Fraction | None:
        return stats.weighted_mean(list(enumerate(self.counts, start=1)))

    @property
    def median(self) -> Fraction | None:
        return stats.weighted_median(list(enumerate(self.counts, start=1)))


def _bar(
    label: str,
    cohorts: Sequence[Cohort],
    survey_of: Any,
    key: str,
    points: int,
    dist: dict[tuple[int, str, int], Groups],
    organisation: int | None,
) -> Bar:
    def per_cohort(point: int | None) -> tuple[list[int], list[int]]:
        inside: list[int] = []
        atoms: list[int] = []
        for c in cohorts:
            groups: dict[int, int] = defaultdict(int)
            for p in range(1, points + 1) if point is None else (point,):
                for g, n in dist.get((survey_of(c), key, p), {}).items():
                    groups[g] += n
            inside.append(
                sum(groups.values()) if organisation is None else groups.get(organisation, 0)
            )
            atoms += groups.values()
        return inside, atoms

    inside, atoms = per_cohort(None)
    bar_shown = _atoms_ok(inside, atoms)
    counts, oks = [], []
    for point in range(1, points + 1):
        i, a = per_cohort(point)
        counts.append(sum(i))
        oks.append(_atoms_ok(i, a))
    cells = _shown_cells(counts, oks) if bar_shown else [privacy.shown(0)] * points
    return Bar(label, sum(inside), bar_shown, cells, counts)


# --- The report -----------------------------------------------------------------------------------


def _n(value: int) -> int | str:
    return value if not privacy.is_small(value) else privacy.shown(value)


def _organisation_choices(
    counts: dict[tuple[int, int | None], Counts],
    cohorts: Sequence[Cohort],
    whole: Totals,
) -> list[Choice]:
    orgs = {org for (_s, org) in counts}
    per_org = _totals_by_organisation(counts, cohorts)
    candidates = [o for o in orgs if o is not None]
    names = dict(Organisation.objects.filter(pk__in=candidates).values_list("pk", "name"))

    def fits(t: Totals) -> bool:
        return (
            privacy.subset_shown(t.pre, whole.pre)
            and privacy.subset_shown(t.post, whole.post)
            and (whole.pairs == 0 or privacy.subset_shown(t.pairs, whole.pairs))
        )

    offered = {o for o in candidates if fits(per_org[o])}
    # The organisations left out must not together hold 1–4 people: else all of them minus
    # the offered ones would give them. Leave out the smallest offered until they don't.
    while offered:
        # Everything the whole report counts beyond the offered organisations' reports.
        rest = Totals(whole.pre, whole.post, whole.pairs)
        for o in offered:
            rest.pre -= per_org[o].pre
            rest.post -= per_org[o].post
            rest.pairs -= per_org[o].pairs
        if all(v == 0 or not privacy.is_small(v) for v in (rest.pre, rest.post, rest.pairs)):
            break
        offered.discard(min(offered, key=lambda o: (per_org[o].pre + per_org[o].post, o)))
    reason = _("alle viisi vastaajaa tai muissa organisaatioissa alle viisi")
    return [
        Choice(org, names.get(org, ""), org in offered, "" if org in offered else reason)
        for org in sorted(candidates, key=lambda o: (names.get(o, ""), o))
    ]


def _cohort_choices(
    candidates: Sequence[Cohort], counts: dict[tuple[int, int | None], Counts]
) -> list[Choice]:
    out = []
    for c in candidates:
        t = _totals(counts, [c])
        ok = all(v == 0 or not privacy.is_small(v) for v in (t.pre, t.post, t.pairs)) and (
            t.pre or t.post
        )
        out.append(
            Choice(
                c.evaluation_pk,
                c.name,
                bool(ok),
                "" if ok else _("alle viisi vastaajaa alussa, lopussa tai pareina"),
            )
        )
    return out


def _text_change(value: Fraction | None) -> Any:
    return stats.rounded(value, 2)


def _stats_row(label: str, test: stats.PairedTest) -> list[Any]:
    if not test.enough:
        return [
            label,
            privacy.shown(test.n),
            None,
            None,
            None,
            None,
            None,
            None,
            _("liian vähän pareja"),
        ]
    return [
        label,
        test.n,
        _text_change(test.mean_before),
        _text_change(test.mean_after),
        _text_change(test.mean_change),
        _text_change(test.median_change),
        _p_cell(test.p),
        stats.rounded(test.r, 2) if test.r is not None else None,
        stats.significance_text(test)
        + (
            " " + _("Vaikutus: %(size)s.") % {"size": stats.effect_words(test.r)}
            if test.changed
            else ""
        ),
    ]


def _p_cell(p: float | None) -> Any:
    """A p-value in a table: three decimals, or the text "< 0,001"."""
    if p is None:
        return None
    if p < 0.001:
        return "< " + _fmt(stats.rounded(0.001, 3))
    return stats.rounded(p, 3)


def _stats_header() -> list[str]:
    return [
        _("Väittämä"),
        _("Pareja"),
        _("Keskiarvo alussa"),
        _("Keskiarvo lopussa"),
        _("Muutos (keskiarvo)"),
        _("Muutos (mediaani)"),
        _("p-arvo"),
        _("Vaikutuksen suuruus r"),
        _("Tulkinta"),
    ]


def _statement_test(rows: list[tuple[int, int, int]]) -> stats.PairedTest:
    changes: dict[int, int] = defaultdict(int)
    before: dict[int, int] = defaultdict(int)
    after: dict[int, int] = defaultdict(int)
    for b, a, n in rows:
        changes[a - b] += n
        before[b] += n
        after[a] += n
    return stats.paired_test(
        list(changes.items()), before=list(before.items()), after=list(after.items())
    )


def _area_test(rows: list[tuple[int, int, int, int]]) -> stats.PairedTest:
    changes: dict[Fraction, int] = defaultdict(int)
    before: dict[Fraction, int] = defaultdict(int)
    after: dict[Fraction, int] = defaultdict(int)
    for k, sb, sa, n in rows:
        changes[Fraction(sa - sb, k)] += n
        before[Fraction(sb, k)] += n
        after[Fraction(sa, k)] += n
    return stats.paired_test(
        list(changes.items()), before=list(before.items()), after=list(after.items())
    )


def _chart_block(
    area: Area, bars: list[tuple[Statement, Bar, Bar]], scale: list[str]
) -> Chart | None:
    phases = (_("alussa"), _("lopussa"))
    drawn = [
        (_short(s.text), phase, b)
        for s, pre, post in bars
        for phase, b in zip(phases, (pre, post), strict=True)
        if b.shown
    ]
    if not drawn:
        return None
    title = _("Vastausjakaumat alussa ja lopussa: %(area)s") % {"area": area.title}
    labels = [f"{text} — {phase}" for text, phase, _b in drawn]
    svg = charts.stacked_bars_svg(
        labels=labels,
        counts=[[c if isinstance(c, int) else None for c in b.cells] for *_t, b in drawn],
        totals=[b.n for *_t, b in drawn],
        legend=scale,
        hidden_label=_("piilotettu (alle 5)"),
        value_label=_("Osuus vastaajista (%)"),
        title=title,
    )
    alt = _(
        "Pinotut palkit: kunkin väittämän vastausten jakauma asteikolla %(first)s–%(last)s "
        "koulutuksen alussa ja lopussa, osuuksina vastaajista; jokaisen osan kohdalla on "
        "vastaajien määrä. Alle viiden vastaajan osat ovat yksi viivoitettu osa; jos ne eivät "
        "ole asteikolla vierekkäin, se on palkin lopussa."
    ) % {"first": scale[0], "last": scale[-1]}
    movement = []
    for s, pre, post in bars:
        if pre.shown and post.shown and pre.mean is not None and post.mean is not None:
            movement.append(
                _("%(statement)s: keskiarvo %(before)s alussa ja %(after)s lopussa.")
                % {
                    "statement": s.text.rstrip("."),
                    "before": _fmt(stats.rounded(pre.mean, 1)),
                    "after": _fmt(stats.rounded(post.mean, 1)),
                }
            )
    if movement:
        alt = f"{alt} {' '.join(movement)}"
    return Chart(title=title, svg=svg, alt=alt, table=_distribution_table(area, bars, scale))


def _short(text: str) -> str:
    """A statement short enough to name a bar (the table beside it has it in full)."""
    return text if len(text) <= CHART_LABEL else text[: CHART_LABEL - 1].rstrip() + "…"


def _fmt(value: Any) -> str:
    from tutori.evaluation.document import text_of

    return text_of(value)


def _distribution_table(
    area: Area, bars: list[tuple[Statement, Bar, Bar]], scale: list[str]
) -> Table:
    header = [_("Väittämä ja ajankohta"), *scale, _("Vastaajia"), _("Keskiarvo"), _("Mediaani")]
    rows: list[list[Any]] = []
    for _s, pre, post in bars:
        for bar in (pre, post):
            if bar.shown:
                rows.append(
                    [
                        bar.label,
                        *bar.cells,
                        bar.n,
                        stats.rounded(bar.mean, 2),
                        stats.rounded(bar.median, 1),
                    ]
                )
            else:
                rows.append(
                    [
                        bar.label,
                        *([None] * len(scale)),
                        privacy.shown(bar.n),
                        None,
                        _("liian vähän vastauksia"),
                    ]
                )
    return Table(
        title=_("Vastausjakaumat: %(area)s") % {"area": area.title},
        header=header,
        rows=rows,
        note=_(
            "Luvut ovat vastaajien määriä. < 5: alle viisi vastaajaa; –: piilotettu, jotta "
            "alle viiden luku ei selviäisi vähennyslaskulla."
        ),
        sheet=area.title,
    )


Counted = tuple[
    dict[tuple[int, str, int], Groups],
    dict[str, list[tuple[int, int, int]]],
    dict[int, list[tuple[int, int, int, int]]],
]
T = TypeVar("T")
# Closed surveys' counts are kept this long (surveys' results keep theirs as long).
KEPT_SECONDS = 60 * 60


def _kept(cohorts: Sequence[Cohort], what: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept while every cohort's surveys are closed (their answers no longer
    change; the national benchmark's 100 000 answers take over a second to pair). The
    counts name nobody and depend on no viewer: who may add which cohort or organisation
    is decided before."""
    if not all(c.closed for c in cohorts):
        return compute()
    described = "|".join([what, *(c.state for c in cohorts)])
    key = f"tutori:prepost:{hashlib.sha256(described.encode()).hexdigest()}"
    return kept(key, compute, KEPT_SECONDS)


def prepost_report(
    *,
    user: Any,
    programme: Programme,
    organisation_id: int | None = None,
    with_ids: Sequence[int] = (),
) -> PrepostReport:
    """The pre/post report of ``programme`` (the caller checked ``evaluation.read``),
    optionally of the respondents of one organisation and with other programmes' cohorts
    of the same instrument (``with_ids``: their evaluations' keys; those the user can't read
    or that would reveal a small group are left out)."""
    title = _("Alku- ja loppuarviointi: %(name)s") % {"name": programme.name}
    document = Document(title=title, filename=f"alku-ja-loppuarviointi-{programme.pk}")
    document.facts.append((_("Ohjelma"), programme.name))
    evaluation = evaluation_of(programme)
    report = PrepostReport(programme=programme, document=document, evaluation=evaluation)
    if evaluation is None or evaluation.pre_survey is None or evaluation.post_survey is None:
        report.problem = _(
            "Ohjelmaan ei ole liitetty sekä alku- että loppuarviointia, joten muutosta ei voi "
            "vielä raportoida."
        )
        document.sections.append(
            Section(_("Alku- ja loppuarviointi"), [Text(report.problem, "note")], "prepost")
        )
        return report
    main = _cohort(evaluation, programme)
    candidates = other_cohorts(user=user, evaluation=evaluation)
    with scopes_disabled():
        areas = _structure(main.pre_id, main.post_id)
        scale = _scale(main.pre_id)
        candidate_counts = _response_counts(candidates, by_organisation=False)
        report.cohorts = _cohort_choices(candidates, candidate_counts)
        wanted = set(with_ids)
        report.chosen_cohorts = [c for c in report.cohorts if c.available and c.pk in wanted]
        chosen_pks = {c.pk for c in report.chosen_cohorts}
        cohorts = [main, *(c for c in candidates if c.evaluation_pk in chosen_pks)]
        counts = _kept(
            cohorts, "counts", lambda: dict(_response_counts(cohorts, by_organisation=True))
        )
        whole = _totals(counts, cohorts)
        report.organisations = _organisation_choices(counts, cohorts, whole)
        chosen_org = next(
            (o for o in report.organisations if o.available and o.pk == organisation_id), None
        )
        report.organisation = chosen_org
        org = chosen_org.pk if chosen_org else None
        offered = sorted(o.pk for o in report.organisations if o.available)
        keys = [s.key for a in areas for s in a.statements]

        def count() -> Counted:
            paired = _paired_answers(cohorts, keys, org)
            return (
                _distributions(cohorts, keys, org, offered),
                dict(_changes(paired)),
                dict(_area_scores(paired, areas)) if keys else {},
            )

        area_keys = [[s.key for s in a.statements] for a in areas]
        what = f"answers:{org}:{offered}:{area_keys}"
        dist, changes, area_rows = _kept(cohorts, what, count)
    document.facts += [
        (_("Alkuarviointi"), evaluation.pre_survey.title),
        (_("Loppuarviointi"), evaluation.post_survey.title),
        (_("Vastaajien organisaatio"), chosen_org.name if chosen_org else _("Kaikki")),
    ]
    if report.chosen_cohorts:
        document.facts.append((_("Mukana myös"), ", ".join(c.name for c in report.chosen_cohorts)))
    shown_totals = _totals(counts, cohorts, org if org is not None else ALL)
    report.totals = shown_totals
    document.sections = _sections(
        cohorts, areas, scale, dist, changes, area_rows, shown_totals, organisation=org
    )
    return report


def _sections(
    cohorts: Sequence[Cohort],
    areas: Sequence[Area],
    scale: list[str],
    dist: dict[tuple[int, str, int], Groups],
    changes: dict[str, list[tuple[int, int, int]]],
    area_rows: dict[int, list[tuple[int, int, int, int]]],
    totals: Totals,
    *,
    organisation: int | None,
) -> list[Section]:
    sections: list[Section] = []
    respondents = Section(_("Vastaajat ja parit"), anchor="prepost-pairs")
    sections.append(respondents)
    # How many answered only at the start or only at the end: under five as "< 5", as every
    # count (the attrition report tells why people left).
    items: list[tuple[str, Any]] = [
        (_("Vastasi alussa"), _n(totals.pre)),
        (_("Vastasi lopussa"), _n(totals.post)),
        (_("Täydet parit"), _n(totals.pairs)),
        (_("Vain alussa"), _n(totals.pre_only)),
        (_("Vain lopussa"), _n(totals.post_only)),
    ]
    respondents.blocks.append(Figures(items))
    respondents.blocks.append(
        Text(
            _(
                "Pari on saman henkilön vastaus samaan väittämään koulutuksen alussa ja "
                "lopussa. Muutos lasketaan vain pareista; jakaumissa ovat mukana kaikki "
                "vastaukset."
            ),
            "note",
        )
    )
    if any(c.anonymous for c in cohorts):
        respondents.blocks.append(
            Text(
                _(
                    "Alku- tai loppuarviointi on nimetön: vastauksia ei voi yhdistää samalle "
                    "henkilölle, joten pareja ei ole eikä muutosta voi testata."
                ),
                "note",
            )
        )
    if privacy.is_small(totals.pre) or privacy.is_small(totals.post):
        respondents.blocks.append(
            Text(
                _("Alussa tai lopussa vastasi alle viisi, joten jakaumia ei näytetä."),
                "suppressed",
            )
        )
    summary_rows: list[list[Any]] = []
    for index, area in enumerate(areas):
        section = Section(area.title, anchor=f"prepost-area-{index + 1}")
        bars = []
        for statement in area.statements:
            pre = _bar(
                _("%(statement)s — alussa") % {"statement": statement.text},
                cohorts,
                lambda c: c.pre_id,
                statement.key,
                len(scale),
                dist,
                organisation,
            )
            post = _bar(
                _("%(statement)s — lopussa") % {"statement": statement.text},
                cohorts,
                lambda c: c.post_id,
                statement.key,
                len(scale),
                dist,
                organisation,
            )
            bars.append((statement, pre, post))
        chart = _chart_block(area, bars, scale)
        if chart is not None:
            section.blocks.append(chart)
        else:
            section.blocks.append(
                Text(_("Liian vähän vastauksia: jakaumia ei näytetä."), "suppressed")
            )
            section.blocks.append(_distribution_table(area, bars, scale))
        test_rows = [
            _stats_row(s.text, _statement_test(changes.get(s.key, []))) for s in area.statements
        ]
        area_test = _area_test(area_rows.get(index, []))
        test_rows.append(_stats_row(_("Osa-alue (henkilön väittämien keskiarvo)"), area_test))
        section.blocks.append(
            Table(
                title=_("Muutos pareittain: %(area)s") % {"area": area.title},
                header=_stats_header(),
                rows=test_rows,
                numeric=(1, 2, 3, 4, 5, 6, 7),
                note=_(
                    "Muutos = loppuarvio − alkuarvio. Wilcoxonin merkittyjen sijalukujen "
                    "testi; vaikutuksen suuruus on parittainen rank-biserial-korrelaatio r."
                ),
                sheet=_("Muutos: %(area)s") % {"area": area.title},
            )
        )
        section.blocks.append(Text(_area_sentence(area_test)))
        summary_rows.append(
            [
                area.title,
                _n(area_test.n),
                _text_change(area_test.mean_change) if area_test.enough else None,
                _p_cell(area_test.p) if area_test.enough else None,
                stats.effect_words(area_test.r) if area_test.enough else _("liian vähän pareja"),
            ]
        )
        sections.append(section)
    if areas:
        respondents.blocks.append(
            Table(
                title=_("Muutos osa-alueittain"),
                header=[
                    _("Osa-alue"),
                    _("Pareja"),
                    _("Muutos (keskiarvo)"),
                    _("p-arvo"),
                    _("Vaikutuksen suuruus"),
                ],
                rows=summary_rows,
                numeric=(1, 2, 3),
                sheet=_("Osa-alueet"),
            )
        )
    sections.append(_method_section())
    return sections


def _area_sentence(test: stats.PairedTest) -> str:
    if not test.enough:
        return _("Pareja on alle viisi, joten osa-alueen muutosta ei raportoida.")
    return (
        _("Osa-alueen keskiarvo oli alussa %(before)s ja lopussa %(after)s (muutos %(change)s).")
        % {
            "before": _fmt(stats.rounded(test.mean_before, 2)),
            "after": _fmt(stats.rounded(test.mean_after, 2)),
            "change": _fmt(stats.rounded(test.mean_change, 2)),
        }
        + " "
        + stats.summary_text(test)
    )


def _method_section() -> Section:
    return Section(
        _("Näin luvut on laskettu"),
        [
            Text(
                _(
                    "Muutoksen tilastollinen merkitsevyys on testattu Wilcoxonin merkittyjen "
                    "sijalukujen testillä (kaksisuuntainen) pareittaisista eroista. Parit, "
                    "joissa arvio ei muuttunut, jätetään testistä pois (scipy, "
                    'zero_method "wilcox"). p-arvo on tarkka, kun muuttuneita pareja on '
                    "enintään 50 eikä kahdella ole yhtä suurta muutosta; muuten se on "
                    "normaalijakaumaan perustuva likiarvo. Muutos on tilastollisesti "
                    "merkitsevä, kun p on alle 0,05."
                )
            ),
            Text(
                _(
                    "Vaikutuksen suuruus on parittainen rank-biserial-korrelaatio r (−1…1): "
                    "alle 0,1 hyvin pieni, alle 0,3 pieni, alle 0,5 keskisuuri, muuten suuri. "
                    "Osa-alueen arvo on henkilön osa-alueen väittämien arvioiden keskiarvo."
                )
            ),
            Text(
                _(
                    "Alle viiden vastaajan lukuja ei näytetä. Pareja voi olla vain saman "
                    "ohjelman alku- ja loppuarvioinnin välillä."
                ),
                "note",
            ),
        ],
        anchor="prepost-method",
    )


def prepost_sections(
    *,
    user: Any,
    programme: Programme,
    organisation_id: int | None = None,
    with_ids: Sequence[int] = (),
) -> list[Section]:
    """The report's sections, for a document composed of several reports (the funder
    report): the caller checked ``evaluation.read`` on ``programme``."""
    return prepost_report(
        user=user, programme=programme, organisation_id=organisation_id, with_ids=with_ids
    ).document.sections


def prepost_document(
    *,
    user: Any,
    programme: Programme,
    organisation_id: int | None = None,
    with_ids: Sequence[int] = (),
) -> Document:
    """The whole report as a document (page, PDF, XLSX)."""
    return prepost_report(
        user=user, programme=programme, organisation_id=organisation_id, with_ids=with_ids
    ).document
