"""The attrition report of a programme (part B): how many went from applying to the end.

The funnel: applied (everyone who was in the programme's lists: a direct enrolment counts
as applied) → enrolled (got a place at some point: enrolled, completed or left — the same
as ``programmes.selectors.completion``) → started (present or partly present at least once
at a session not cancelled) → completed → answered the final assessment (the evaluation's
post survey; left out, with a note, when none is linked; counted by response, not per
organisation, when it is anonymous). With the reasons of those who left, and the same
funnel per participants' organisation.

Counted by the database in four grouped queries, whatever the size. Suppression
(``core.privacy``): every count under five is "< 5". The organisations' table is a filter
of the whole: an organisation is shown on its own row only when ``subset_shown`` allows it
(it has at least five applicants and so has the rest); the others are merged into one row
"Muut organisaatiot", and in each column, when one count alone is under five, another is
hidden ("–"), so that the programme's total minus the rows shown never gives a small group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from tutori.core import charts, privacy
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.document import Chart, Document, Section, Table, Text
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.evaluation.selectors.feedback import facts, with_hidden_note
from tutori.programmes.models import Attendance, LeaveReason, Participant, Programme
from tutori.surveys.models import Response, Survey

# Everyone who got a place at some point (as the programme page's funnel counts them).
EVER_ENROLLED = (
    Participant.Status.ENROLLED,
    Participant.Status.COMPLETED,
    Participant.Status.LEFT,
)
STEPS = ("applied", "enrolled", "started", "completed", "answered")


def step_label(step: str) -> str:
    return {
        "applied": _("Hakeneet"),
        "enrolled": _("Valitut"),
        "started": _("Aloittaneet"),
        "completed": _("Suorittaneet"),
        "answered": _("Vastasivat loppuarviointiin"),
    }[step]


@dataclass
class Row:
    """One organisation's (or the merged rest's) funnel."""

    name: str
    counts: dict[str, int] = field(default_factory=dict)
    merged: int = 0  # organisations merged into this row (the rest)


@dataclass
class Attrition:
    programme: Programme
    steps: list[str]
    total: dict[str, int]
    organisations: list[Row]  # every organisation's own funnel (not suppressed: never shown)
    reasons: list[tuple[str, int]]  # (reason label, those who left for it)
    post_survey: Survey | None = None

    @property
    def left(self) -> int:
        return sum(n for _label, n in self.reasons)

    @property
    def anonymous_post(self) -> bool:
        return self.post_survey is not None and self.post_survey.anonymous

    def breakdown(self) -> list[Row]:
        """The rows the report shows: the organisations ``subset_shown`` allows, in order of
        name, then the rest merged into "Muut organisaatiot" (when any). Empty when no
        organisation may be shown on its own (the merged rest would be the whole)."""
        whole = self.total.get("applied", 0)
        shown: list[Row] = []
        rest: list[Row] = []
        for row in self.organisations:
            ok = privacy.subset_shown(row.counts["applied"], whole)
            (shown if ok else rest).append(row)
        if not shown:
            return []
        rows = list(shown)
        if rest:
            merged = Row(_("Muut organisaatiot"), merged=len(rest))
            for step in self.steps:
                merged.counts[step] = sum(r.counts.get(step, 0) for r in rest)
            rows.append(merged)
        return rows


def _post_survey(programme: Programme) -> Survey | None:
    evaluation = (
        ProgrammeEvaluation.objects.filter(programme=programme)
        .select_related("post_survey")
        .first()
    )
    return evaluation.post_survey if evaluation is not None else None


@scopes_disabled()
def attrition(*, programme: Programme) -> Attrition:
    """The programme's funnel, in total and per participants' organisation, and the reasons
    of those who left: four queries (the evaluation, the participants counted per
    organisation and status, those who attended, those who answered the final assessment),
    the same for ten participants or ten thousand."""
    post = _post_survey(programme)
    steps = [s for s in STEPS if s != "answered" or post is not None]
    names: dict[int, str] = {}
    per_org: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(steps, 0))
    reasons: dict[str, int] = defaultdict(int)
    for org_id, org_name, status, reason, n in (
        Participant.objects.filter(programme=programme)
        .values_list("organisation_id", "organisation__name", "status", "leave_reason")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        names[org_id] = org_name
        counts = per_org[org_id]
        counts["applied"] += n
        if status in EVER_ENROLLED:
            counts["enrolled"] += n
        if status == Participant.Status.COMPLETED:
            counts["completed"] += n
        if status == Participant.Status.LEFT:
            reasons[reason or LeaveReason.OTHER] += n
    for org_id, n in (
        Attendance.objects.filter(
            ~Q(status=Attendance.Status.ABSENT),
            participant__programme=programme,
            participant__status__in=EVER_ENROLLED,
            session__cancelled_at__isnull=True,
        )
        .values_list("participant__organisation_id")
        .annotate(n=Count("participant_id", distinct=True))
        .order_by()
    ):
        per_org[org_id]["started"] = n
    total_answered: int | None = None
    if post is not None and post.anonymous:
        # Nobody can be told apart: the responses, for the programme as a whole.
        total_answered = Response.objects.filter(survey=post, submitted=True).count()
    elif post is not None:
        # Who answered, read once as a list (SQLite answered a correlated EXISTS by scanning
        # the survey's responses for every participant: 4 s for a national training).
        answered = Response.objects.filter(survey=post, submitted=True).values("person_id")
        for org_id, n in (
            Participant.objects.filter(person_id__in=answered, programme=programme)
            .filter(status__in=EVER_ENROLLED)
            .values_list("organisation_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            per_org[org_id]["answered"] = n
    rows = sorted(
        (Row(names.get(org_id, ""), counts) for org_id, counts in per_org.items()),
        key=lambda r: r.name.casefold(),
    )
    total = {step: sum(r.counts.get(step, 0) for r in rows) for step in steps}
    if total_answered is not None:
        total["answered"] = total_answered
    labels = dict(LeaveReason.choices)
    ordered = [*LeaveReason.values, *sorted(set(reasons) - set(LeaveReason.values))]
    return Attrition(
        programme=programme,
        steps=steps,
        total=total,
        organisations=rows,
        reasons=[(str(labels.get(key, key)), reasons[key]) for key in ordered if key in reasons],
        post_survey=post,
    )


# --- The document ---------------------------------------------------------------------------


def _cell(text: str) -> int | str:
    """A shown count as a number (a suppressed one stays the text "< 5" or "–")."""
    return int(text) if text.isdigit() else text


def _percent(count: int, whole: int) -> int | None:
    if not whole or privacy.is_small(count):
        return None
    return round(100 * count / whole)


def _columns(rows: Sequence[Row], steps: Iterable[str]) -> list[list[int | str]]:
    """The rows' cells: per column (step), each count as shown, and when one alone is
    under five another hidden, so the total minus the rest never gives it."""
    cells: list[list[int | str]] = [[] for _row in rows]
    for step in steps:
        for i, text in enumerate(privacy.shown_parts([r.counts.get(step, 0) for r in rows])):
            cells[i].append(_cell(text))
    return cells


def _funnel_blocks(result: Attrition) -> list[Any]:
    applied = result.total.get("applied", 0)
    shown = {step: privacy.shown(result.total[step]) for step in result.steps}
    table = Table(
        title=_("Koulutuksen eteneminen"),
        header=[_("Vaihe"), _("Henkilöitä"), _("Osuus hakeneista (%)")],
        rows=[
            [step_label(step), _cell(shown[step]), _percent(result.total[step], applied)]
            for step in result.steps
        ],
        note=_(
            "Aloittaneet: läsnä tai osittain läsnä ainakin yhdessä tapaamisessa. "
            "< 5: alle viisi henkilöä."
        ),
        sheet=_("Eteneminen"),
    )
    blocks: list[Any] = []
    if privacy.is_small(applied):
        blocks.append(
            Text(
                _("Koulutuksessa on alle viisi henkilöä: lukuja ei näytetä."),
                tone="suppressed",
            )
        )
        blocks.append(table)
        return blocks
    title = _("Koulutuksen eteneminen hakeneista suorittaneisiin")
    bar_labels = [
        shown[step]
        if privacy.is_small(result.total[step])
        else f"{shown[step]} ({_percent(result.total[step], applied)} %)"
        for step in result.steps
    ]
    svg = charts.bar_chart_svg(
        labels=[step_label(step) for step in result.steps],
        values=[0 if privacy.is_small(result.total[s]) else result.total[s] for s in result.steps],
        bar_labels=bar_labels,
        value_label=_("Henkilöitä"),
        title=title,
    )
    alt = _("Vaakapylväät henkilöiden määrästä vaiheittain: %(steps)s.") % {
        "steps": ", ".join(f"{step_label(step)} {shown[step]}" for step in result.steps)
    }
    blocks.append(Chart(title=title, svg=svg, alt=alt, table=table))
    return blocks


def _notes(result: Attrition) -> list[Text]:
    notes = []
    if result.post_survey is None:
        notes.append(
            Text(
                _(
                    "Koulutukseen ei ole liitetty loppuarviointia, joten vaihe ”vastasivat "
                    "loppuarviointiin” puuttuu."
                ),
                tone="note",
            )
        )
    elif result.anonymous_post:
        notes.append(
            Text(
                _(
                    "Loppuarviointi on nimetön: vastauksia ei voi yhdistää osallistujiin. "
                    "Luku on loppuarvioinnin vastausten määrä, eikä sitä eritellä "
                    "organisaatioittain."
                ),
                tone="note",
            )
        )
    return notes


def _reasons_blocks(result: Attrition) -> list[Any]:
    if not result.reasons:
        return [Text(_("Kukaan ei keskeyttänyt koulutusta."), tone="note")]
    cells = privacy.shown_parts([n for _label, n in result.reasons])
    return [
        Table(
            title=_("Keskeyttämisen syyt"),
            header=[_("Syy"), _("Keskeyttäneitä")],
            rows=[[label, _cell(c)] for (label, _n), c in zip(result.reasons, cells, strict=True)],
            total=[_("Yhteensä"), _cell(privacy.shown(result.left))],
            note=with_hidden_note(_("< 5: alle viisi henkilöä."), cells),
            sheet=_("Syyt"),
        )
    ]


def _organisation_blocks(result: Attrition) -> list[Any]:
    steps = [s for s in result.steps if s != "answered" or not result.anonymous_post]
    rows = result.breakdown()
    if not rows:
        return [
            Text(
                _(
                    "Organisaatioittaista erittelyä ei näytetä: jokaisesta organisaatiosta "
                    "tai muista yhteensä tulisi alle viiden henkilön ryhmä."
                ),
                tone="suppressed",
            )
        ]
    cells = _columns(rows, steps)
    labels = [
        row.name
        if not row.merged
        else _("%(name)s (%(count)s)") % {"name": row.name, "count": row.merged}
        for row in rows
    ]
    return [
        Table(
            title=_("Eteneminen organisaatioittain"),
            header=[_("Organisaatio"), *(step_label(s) for s in steps)],
            rows=[[label, *row_cells] for label, row_cells in zip(labels, cells, strict=True)],
            total=[
                _("Yhteensä"),
                *(_cell(privacy.shown(result.total[step])) for step in steps),
            ],
            note=with_hidden_note(
                _(
                    "Organisaatio näytetään omalla rivillään vain, kun siinä ja muissa "
                    "yhteensä on vähintään viisi hakenutta; muut on yhdistetty riville ”Muut "
                    "organisaatiot” (suluissa organisaatioiden määrä). < 5: alle viisi "
                    "henkilöä."
                ),
                [c for row in cells for c in row],
            ),
            sheet=_("Organisaatioittain"),
        )
    ]


def attrition_sections(*, programme: Programme, result: Attrition | None = None) -> list[Section]:
    """The report's sections (for the funder report too): the funnel (chart and table), the
    reasons for leaving, the funnel per organisation."""
    found = result or attrition(programme=programme)
    return [
        Section(
            _("Koulutuksen eteneminen"),
            [*_funnel_blocks(found), *_notes(found)],
            anchor="attrition-funnel",
        ),
        Section(_("Keskeyttämisen syyt"), _reasons_blocks(found), anchor="attrition-reasons"),
        Section(
            _("Organisaatioittain"), _organisation_blocks(found), anchor="attrition-organisations"
        ),
    ]


def attrition_document(*, programme: Programme, result: Attrition | None = None) -> Document:
    """The attrition report as a document: its page, PDF and XLSX."""
    return Document(
        title=_("Osallistujien eteneminen: %(programme)s") % {"programme": programme.name},
        facts=facts(programme),
        sections=attrition_sections(programme=programme, result=result),
        filename=f"eteneminen-{programme.name}",
    )


@scopes_disabled()
def programmes_funnel_table(programmes: Sequence[Programme]) -> Table:
    """The funnel of several programmes, one row each (the funder report of an organisation
    and a period): applied, enrolled, started, completed, each under five as "< 5". Three
    grouped queries whatever the number of programmes."""
    counts: dict[int, dict[str, int]] = {
        p.pk: dict.fromkeys(("applied", "enrolled", "started", "completed"), 0) for p in programmes
    }
    ids = list(counts)
    for programme_id, status, n in (
        Participant.objects.filter(programme_id__in=ids)
        .values_list("programme_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[programme_id]["applied"] += n
        if status in EVER_ENROLLED:
            counts[programme_id]["enrolled"] += n
        if status == Participant.Status.COMPLETED:
            counts[programme_id]["completed"] += n
    for programme_id, n in (
        Attendance.objects.filter(
            ~Q(status=Attendance.Status.ABSENT),
            participant__programme_id__in=ids,
            participant__status__in=EVER_ENROLLED,
            session__cancelled_at__isnull=True,
        )
        .values_list("participant__programme_id")
        .annotate(n=Count("participant_id", distinct=True))
        .order_by()
    ):
        counts[programme_id]["started"] = n
    steps = ("applied", "enrolled", "started", "completed")
    return Table(
        title=_("Koulutusten eteneminen"),
        header=[_("Koulutus"), *(step_label(s) for s in steps)],
        rows=[
            [p.name, *(_cell(privacy.shown(counts[p.pk][s])) for s in steps)] for p in programmes
        ],
        note=_("< 5: alle viisi henkilöä."),
        sheet=_("Koulutukset"),
    )
