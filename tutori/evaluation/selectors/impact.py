"""Tutoring impact (part C): what the tutoring of a municipality or unit achieved in a term.

Hours delivered, sessions and people reached (unique) by school, month and topic; the share
of each school's teachers who received tutoring; approved substitute spend per tutoring hour;
the trend over the last four terms. Read by those who oversee tutoring
(``evaluation.tutoring_impact``), each over the units they oversee, as tutoring's hours
report is.

Every figure is an aggregate in the database (GROUP BY with Count, Sum, distinct counts):
the report costs the same twenty-odd queries for a hundred sessions or a hundred thousand.

Definitions (said on the page too):

- *People reached* are unique persons: each person named as a participant of the term's
  sessions is counted once; people a tutor logged only as a number (no names) are added as
  that number, session by session (they cannot be told apart).
- *Teachers* of a school are the people with the member role ("jäsen", a teacher) in it at
  some time of the term. Tutors, principals (managers), coaches and coordinators are not
  counted. A teacher *received tutoring* when named as a participant of a session of the term
  in the units the reader oversees.
- Hours are summed as minutes and rounded once (``tutoring.selectors.report``).

Suppression (``core.privacy``): a count of people under five is "< 5"; beside a total that
is shown, more rows are hidden ("–", the smallest first) until the hidden rows can't be
worked out from it (none, or two or more holding five or more). The unit filter is the hard
part, as two reports side by side could be subtracted:

- the filter's choices never overlap (the reader's topmost units, or the units directly
  below their one unit), and periods are whole school terms, which never overlap either;
- a unit's figure is shown only when, against the same figure of every wider report (the
  units above it that the reader oversees, and everything), ``privacy.subset_shown`` holds,
  and what all the choices leave out (people tutored in the reader's one unit's own time)
  is none or five or more;
- a row a wider report hides is hidden in the unit's report too (decided widest first), and
  a school's row is decided once over everything the reader oversees, so it is the same in
  every unit's report; a unit's total is hidden when its hidden schools could be worked out
  from it, and a term in the trend shows what that term's own report shows.

Hours, sessions and money are not counts of people and are shown as they are (as in
tutoring's hours report).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import formats
from django.utils.translation import gettext as _

from tutori.access import engine
from tutori.core import charts, privacy
from tutori.evaluation.document import Chart, Document, Figures, Section, Table, Text
from tutori.orgs.models import Membership, Organisation, Role, path_ids
from tutori.tutoring.models import SubstituteSpend, Topic, TutoringSession
from tutori.tutoring.permissions import OVERSIGHT_ROLES
from tutori.tutoring.selectors.budget import MONEY
from tutori.tutoring.selectors.report import (
    YearMonth,
    current_term,
    hours_from_minutes,
    month_label,
)

if TYPE_CHECKING:
    from tutori.accounts.models import User

# Who counts as a school's teacher (see the module's docstring).
TEACHER_ROLES = (Role.MEMBER,)
TREND_TERMS = 4
TERM_CHOICES = 8  # four school years
CENT = Decimal("0.01")

Through = TutoringSession.participants.through


# --- Terms --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A Finnish school term: spring (January–July) or autumn (August–December)."""

    start: date
    end: date

    @property
    def key(self) -> str:
        """ "2026-2" for autumn 2026, "2026-1" for spring: the filter's value."""
        return f"{self.start.year}-{2 if self.start.month >= 8 else 1}"

    @property
    def label(self) -> str:
        if self.start.month >= 8:
            return _("Syksy %(year)s") % {"year": self.start.year}
        return _("Kevät %(year)s") % {"year": self.start.year}

    @property
    def dates(self) -> str:
        return (
            f"{formats.date_format(self.start, 'j.n.Y')}–{formats.date_format(self.end, 'j.n.Y')}"
        )

    def before(self) -> Term:
        return term_of(self.start - timedelta(days=1))


def term_of(day: date | None = None) -> Term:
    """The term around ``day`` (today by default): tutoring's own definition of a term."""
    return Term(*current_term(day))


def term_choices(today: date | None = None) -> list[Term]:
    """The current term and the seven before it, newest first."""
    terms = [term_of(today)]
    while len(terms) < TERM_CHOICES:
        terms.append(terms[-1].before())
    return terms


def term_from_key(key: str) -> Term | None:
    """The term of a filter value ("2026-2"), or None for anything else."""
    year, dash, half = (key or "").partition("-")
    if not dash or half not in ("1", "2") or not year.isascii() or not year.isdigit():
        return None
    if len(year) != 4 or not 1900 <= int(year) <= 9998:
        return None
    return term_of(date(int(year), 9 if half == "2" else 2, 1))


def trend_terms(term: Term) -> list[Term]:
    """The last four terms ending with ``term``, oldest first."""
    terms = [term]
    while len(terms) < TREND_TERMS:
        terms.append(terms[-1].before())
    return terms[::-1]


# --- Reach and the unit filter ------------------------------------------------------------------


def _reach_q(user: User, field: str) -> Q:
    """Rows of the units ``user`` oversees (everything for a platform admin)."""
    r = engine.reach(user)
    if r.is_admin:
        return Q()
    return Q(**{f"{field}__in": r.ids(OVERSIGHT_ROLES)})


def unit_choices(user: User) -> list[Organisation]:
    """The units the report can be narrowed to: never one inside another, so no two choices
    overlap. The topmost units the reader oversees; when that is a single unit (a
    municipality's coordinator), the units directly below it."""
    r = engine.reach(user)
    visible = Organisation.objects.visible_to(user, "tutoring.oversee").filter(is_active=True)
    if r.is_admin:
        return list(visible.filter(parent__isnull=True).order_by("name", "pk"))
    tops = _tops(user)
    if len(tops) == 1:
        return list(visible.filter(parent_id=tops[0]).order_by("name", "pk"))
    return list(visible.filter(pk__in=tops).order_by("name", "pk"))


@dataclass(frozen=True)
class Level:
    """Which sessions a column of figures counts: a unit and everything below it (``path``),
    everything the reader oversees (neither), or only those logged at one unit itself
    (``only``: the rest of a reader whose filter offers the units below their one unit)."""

    path: str | None = None
    only: int | None = None

    def q(self, prefix: str = "") -> Q | None:
        if self.only is not None:
            return Q(**{f"{prefix}organisation_id": self.only})
        if self.path is not None:
            return Q(**{f"{prefix}organisation__path__startswith": self.path})
        return None

    def holds(self, path: str, pk: int | None = None) -> bool:
        if self.only is not None:
            return pk == self.only
        return self.path is None or path.startswith(self.path)


EVERYTHING = Level()


@dataclass(frozen=True)
class Levels:
    """The report's own level first, then every wider one its figures are checked against
    (the units above it that the reader oversees, and everything), and ``rest``: what the
    filter's choices together leave out (the sessions logged at the reader's one unit itself,
    when the choices are the units below it)."""

    wider: tuple[Level, ...]
    rest: Level | None = None

    @property
    def own(self) -> Level:
        return self.wider[0]

    @property
    def all(self) -> tuple[Level, ...]:
        return (*self.wider, self.rest) if self.rest else self.wider


def _levels(user: User, organisation: Organisation | None) -> Levels:
    if organisation is None:
        return Levels((EVERYTHING,))
    r = engine.reach(user)
    overseen = None if r.is_admin else set(r.ids(OVERSIGHT_ROLES))
    ids = path_ids(organisation.path)
    wider = [Level(organisation.path)]
    for depth in range(len(ids) - 1, 0, -1):
        if overseen is None or ids[depth - 1] in overseen:
            wider.append(Level("/" + "".join(f"{i}/" for i in ids[:depth])))
    wider.append(EVERYTHING)
    tops = _tops(user)
    rest = None
    if len(tops) == 1 and tops[0] != organisation.pk and tops[0] in ids:
        rest = Level(only=tops[0])
    return Levels(tuple(wider), rest)


def _tops(user: User) -> list[int]:
    """The topmost units where the reader holds an overseeing role (none for an admin)."""
    r = engine.reach(user)
    if r.is_admin:
        return []
    held = [(oid, path) for oid, (role, path) in r.direct.items() if role in OVERSIGHT_ROLES]
    return sorted(
        oid
        for oid, path in held
        if not any(path != other and path.startswith(other) for _o, other in held)
    )


# --- People: unique named participants and those logged as a number -----------------------------


def _sessions(user: User, start: date, end: date) -> QuerySet[TutoringSession]:
    """The sessions of the period in the units ``user`` oversees, each with the number of
    its participants logged without a name (``unnamed``)."""
    named = (
        Through.objects.filter(tutoringsession_id=OuterRef("pk"))
        .order_by()
        .values("tutoringsession_id")
        .annotate(n=Count("*"))
        .values("n")  # type: ignore[misc]  # the plugin does not see the annotation
    )
    return (
        TutoringSession.objects.visible_to(user)
        .filter(_reach_q(user, "organisation_id"), date__gte=start, date__lte=end)
        .annotate(
            unnamed=Greatest(
                ExpressionWrapper(
                    F("participant_count")
                    - Coalesce(Subquery(named, output_field=IntegerField()), 0),
                    output_field=IntegerField(),
                ),
                Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by()
    )


def _participants(sessions: QuerySet[TutoringSession]) -> QuerySet[Any]:
    return Through.objects.filter(tutoringsession__in=sessions.values("pk")).order_by()


def _people_aggregates(
    levels: Sequence[Level], *, session_prefix: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The aggregates of people at every level: (on sessions, on participant rows)."""
    on_sessions: dict[str, Any] = {}
    on_named: dict[str, Any] = {}
    for i, level in enumerate(levels):
        on_sessions[f"unnamed{i}"] = Coalesce(Sum("unnamed", filter=level.q()), 0)
        on_named[f"named{i}"] = Count("user_id", distinct=True, filter=level.q(session_prefix))
    return on_sessions, on_named


@dataclass
class People:
    """People reached in one cell, at the report's level and at every wider one, and in
    what the filter's choices leave out (``rest``)."""

    levels: list[int]
    rest: int | None = None

    @property
    def count(self) -> int:
        return self.levels[0]

    @property
    def allowed(self) -> bool:
        """Not under five; no wider figure minus this one is under five; and what all the
        filter's choices leave out is not under five either (everything minus every choice
        would give it)."""
        return (
            not privacy.is_small(self.count)
            and all(privacy.subset_shown(self.count, wider) for wider in self.levels[1:])
            and not (self.rest and privacy.is_small(self.rest))
        )

    def at(self, depth: int) -> People:
        """The same cell as the report ``depth`` levels wider counts it."""
        return People(self.levels[depth:], self.rest if depth == 0 else None)


def _people(row: dict[str, Any], named: dict[str, Any] | None, levels: Levels) -> People:
    counts = [
        (row.get(f"unnamed{i}") or 0) + ((named or {}).get(f"named{i}") or 0)
        for i in range(len(levels.all))
    ]
    if levels.rest is not None:
        return People(counts[:-1], counts[-1])
    return People(counts)


def _cell(people: People) -> Any:
    """A count of people as shown on its own: the number, "< 5", or "–" when a wider figure
    minus it would give fewer than five."""
    if people.allowed:
        return people.count
    return privacy.shown(people.count) if privacy.is_small(people.count) else privacy.HIDDEN


def protect(
    cells: Sequence[People],
    groups: Sequence[Any] | None = None,
    hidden_above: Sequence[bool] | None = None,
) -> list[Any]:
    """People counts of a table's rows as shown, beside a total that is shown: each as
    ``_cell``, and then more rows hidden ("–", the smallest first) until the hidden rows are
    none, or at least two holding at least five people together, so that the total minus
    the shown rows never gives a group under five. With ``groups`` (each row's unit among
    the filter's choices), the same holds within every unit too, as the unit's own report
    shows its total beside the same rows. ``hidden_above``: rows a wider report hides,
    hidden here too (this report's row and the rest would give them)."""
    out: list[Any] = [_cell(c) for c in cells]
    for i, hidden in enumerate(hidden_above or ()):
        if hidden and isinstance(out[i], int):
            out[i] = privacy.HIDDEN

    def fill(indices: list[int]) -> bool:
        changed = False
        while True:
            hidden = [i for i in indices if not isinstance(out[i], int)]
            shown = [i for i in indices if isinstance(out[i], int)]
            held = sum(cells[i].count for i in hidden)
            if not shown or not (len(hidden) == 1 or 0 < held < privacy.SMALL_GROUP_LIMIT):
                return changed
            out[min(shown, key=lambda i: cells[i].count)] = privacy.HIDDEN
            changed = True

    everything = list(range(len(cells)))
    members: dict[Any, list[int]] = {}
    for i, group in enumerate(groups or ()):
        if group is not None:
            members.setdefault(group, []).append(i)
    changed = True
    while changed:
        changed = any([fill(indices) for indices in members.values()]) | fill(everything)
    return out


def layered(cells: Sequence[People]) -> list[Any]:
    """A table's people as its report shows them (None for a row the report does not have):
    decided first as every wider report shows the same rows, widest first, so that a row
    hidden there is hidden here too."""
    depth = len(cells[0].levels) if cells else 0
    above = [False] * len(cells)
    out: list[Any] = [None] * len(cells)
    for level in range(depth - 1, -1, -1):
        present = [i for i, c in enumerate(cells) if c.levels[level]]
        shown = protect([cells[i].at(level) for i in present], None, [above[i] for i in present])
        for i, value in zip(present, shown, strict=True):
            above[i] = not isinstance(value, int)
            if level == 0:
                out[i] = value
    return out


def hidden_reveals(cells: Sequence[People], shown: Sequence[Any]) -> bool:
    """Whether the rows hidden among ``shown`` could be worked out from their total: exactly
    one hidden, or one to four people in them together."""
    hidden = [c.count for c, v in zip(cells, shown, strict=True) if not isinstance(v, int)]
    return len(hidden) == 1 or 0 < sum(hidden) < privacy.SMALL_GROUP_LIMIT


# --- The report ---------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    sessions: int = 0
    minutes: int = 0
    lesson_minutes: int = 0
    people: Any = None  # as shown
    path: str = ""
    key: Any = None

    @property
    def hours(self) -> Decimal:
        return hours_from_minutes(self.minutes)

    @property
    def lesson_hours(self) -> Decimal:
        return hours_from_minutes(self.lesson_minutes)


@dataclass
class SpendRow:
    label: str
    amount: Decimal
    hours: Decimal
    lesson_hours: Decimal

    @property
    def per_hour(self) -> Decimal | None:
        return per_hour(self.amount, self.hours)

    @property
    def per_lesson_hour(self) -> Decimal | None:
        return per_hour(self.amount, self.lesson_hours)


@dataclass
class TeacherRow:
    label: str
    teachers: Any
    received: Any
    share: Any


@dataclass
class TermRow:
    term: Term
    sessions: int
    minutes: int
    people: Any
    spend: Decimal

    @property
    def hours(self) -> Decimal:
        return hours_from_minutes(self.minutes)

    @property
    def per_hour(self) -> Decimal | None:
        return per_hour(self.spend, self.hours)


@dataclass
class ImpactReport:
    organisation: Organisation | None
    start: date
    end: date
    term: Term
    total: Row
    schools: list[Row] = field(default_factory=list)
    months: list[Row] = field(default_factory=list)
    topics: list[Row] = field(default_factory=list)
    teachers: list[TeacherRow] = field(default_factory=list)
    teachers_total: TeacherRow | None = None
    spend: list[SpendRow] = field(default_factory=list)
    spend_total: Decimal = Decimal("0.00")
    trend: list[TermRow] = field(default_factory=list)

    @property
    def spend_per_hour(self) -> Decimal | None:
        return per_hour(self.spend_total, self.total.hours)


def per_hour(amount: Decimal, hours: Decimal) -> Decimal | None:
    """Euros per hour to the cent; None when there were no hours."""
    if not hours:
        return None
    return (Decimal(amount) / hours).quantize(CENT, rounding=ROUND_HALF_UP)


def _grouped(
    sessions: QuerySet[TutoringSession],
    levels: Levels,
    *,
    group: Any,
    through_group: Any,
    labels: Sequence[str] = (),
    through_labels: Sequence[str] = (),
) -> list[tuple[dict[str, Any], People]]:
    """Sessions grouped by ``group`` (their participants by ``through_group``, the same
    grouping reached through the session; ``through_labels`` group the participants further
    as the first ``labels`` group the sessions): sessions, minutes and minutes during lessons
    at the report's level, and the people at every level; one query each. Every group of
    the wider levels is there (with ``sessions0`` 0 where the report's level has none)."""
    own = levels.own.q()
    lessons = Q(during_lessons=True) if own is None else own & Q(during_lessons=True)
    people_s, people_n = _people_aggregates(levels.all, session_prefix="tutoringsession__")
    rows = (
        sessions.values(*labels, g=group)
        .annotate(
            sessions0=Count("pk", filter=own),
            minutes0=Coalesce(Sum("duration_minutes", filter=own), 0),
            lesson0=Coalesce(Sum("duration_minutes", filter=lessons), 0),
            **people_s,
        )
        .order_by("g")
    )
    named = {
        (row["g"], *(row[label] for label in through_labels)): row
        for row in _participants(sessions)
        .values(*through_labels, g=through_group)
        .annotate(**people_n)
        .order_by()
    }
    paired = labels[: len(through_labels)]
    return [
        (row, _people(row, named.get((row["g"], *(row[k] for k in paired))), levels))
        for row in rows
    ]


def _total(sessions: QuerySet[TutoringSession], levels: Levels) -> tuple[Row, People]:
    own = levels.own.q()
    lessons = Q(during_lessons=True) if own is None else own & Q(during_lessons=True)
    people_s, people_n = _people_aggregates(levels.all, session_prefix="tutoringsession__")
    row = sessions.aggregate(
        sessions0=Count("pk", filter=own),
        minutes0=Coalesce(Sum("duration_minutes", filter=own), 0),
        lesson0=Coalesce(Sum("duration_minutes", filter=lessons), 0),
        **people_s,
    )
    named = _participants(sessions).aggregate(**people_n)
    total = Row(_("Yhteensä"), row["sessions0"], row["minutes0"], row["lesson0"])
    return total, _people(row, named, levels)


def _term_case(terms: Sequence[Term], field_name: str) -> Case:
    return Case(
        *(
            When(**{f"{field_name}__gte": t.start, f"{field_name}__lte": t.end}, then=Value(i))
            for i, t in enumerate(terms)
        ),
        output_field=IntegerField(),
    )


def _teachers(
    user: User,
    sessions: QuerySet[TutoringSession],
    levels: Levels,
    start: date,
    end: date,
) -> tuple[list[TeacherRow], TeacherRow | None]:
    """Each school's teachers and how many of them received tutoring: one query over every
    unit ``user`` oversees (so a school's row is the same in every unit's report)."""
    received = _participants(sessions).values("user_id")
    rows = list(
        Membership.objects.visible_to(user)
        .filter(
            _reach_q(user, "organisation_id"),
            Q(active_to__isnull=True) | Q(active_to__gt=start),
            role__in=TEACHER_ROLES,
            active_from__lte=end,
        )
        .values("organisation_id", "organisation__name", "organisation__path")
        .annotate(
            teachers=Count("user", distinct=True),
            received=Count("user", distinct=True, filter=Q(user__in=received)),
        )
        .order_by("organisation__name", "organisation_id")
    )
    small = privacy.is_small
    shown_rows: list[TeacherRow] = []
    total_t = total_r = hidden_t = hidden_r = hidden_n = 0
    for row in rows:
        if not levels.own.holds(row["organisation__path"]):
            continue
        t, r = row["teachers"], row["received"]
        ok = not small(t) and not small(r) and not small(t - r)
        total_t, total_r = total_t + t, total_r + r
        if small(t):
            hidden_t += t
        if not ok:
            hidden_r, hidden_n = hidden_r + r, hidden_n + (t - r)
        shown_rows.append(
            TeacherRow(
                row["organisation__name"],
                privacy.shown(t) if small(t) else t,
                r if ok else privacy.shown(r) if small(r) else privacy.HIDDEN,
                _share(r, t) if ok else privacy.HIDDEN,
            )
        )
    if not shown_rows:
        return [], None

    def level_sums(level: Level) -> tuple[int, int]:
        inside = [row for row in rows if level.holds(*_where(row))]
        return sum(row["teachers"] for row in inside), sum(row["received"] for row in inside)

    def parts_fine(t: int, r: int) -> bool:
        """Teachers, those tutored and the others: each none or at least five."""
        return not any(0 < n < privacy.SMALL_GROUP_LIMIT for n in (t, r, t - r))

    wider = [level_sums(level) for level in levels.wider[1:]]
    total_ok = (
        not small(total_r)
        and not small(total_t - total_r)
        # the schools hidden beside the totals, and what every choice leaves out
        and parts_fine(hidden_t, 0)
        and parts_fine(hidden_r + hidden_n, hidden_r)
        and (levels.rest is None or parts_fine(*level_sums(levels.rest)))
        # no wider total minus this one is a small group
        and all(
            privacy.subset_shown(total_t, t)
            and privacy.subset_shown(total_r, r)
            and privacy.subset_shown(total_t - total_r, t - r)
            for t, r in wider
        )
    )
    total = TeacherRow(
        _("Yhteensä"),
        total_t if total_ok else privacy.HIDDEN,
        total_r if total_ok else privacy.HIDDEN,
        _share(total_r, total_t) if total_ok else privacy.HIDDEN,
    )
    return shown_rows, total


def _where(row: dict[str, Any]) -> tuple[str, int]:
    return row["organisation__path"], row["organisation_id"]


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _school_cells(
    by_school: Sequence[tuple[dict[str, Any], People]], choices: Sequence[tuple[str, int]]
) -> list[Any]:
    """The people of every school the reader oversees as shown, decided over all of them
    (so a school's row is the same in every unit's report), safe within each unit choice."""
    return protect(
        [people for _row, people in by_school],
        [
            # The schools the choices leave out are a group of their own, as everything
            # minus every choice gives them.
            next((pk for path, pk in choices if row["organisation__path"].startswith(path)), "")
            for row, _people in by_school
        ],
    )


def _unit_total(
    total: People,
    by_school: Sequence[tuple[dict[str, Any], People]],
    cells: Sequence[Any],
    own: Level,
) -> Any:
    """The people of the report's unit as shown: as ``_cell``, and hidden when the unit's
    schools hidden beside it could be worked out from it (a unit that is not one of the
    filter's choices, or one school)."""
    shown = _cell(total)
    inside = [
        (people, cell)
        for (row, people), cell in zip(by_school, cells, strict=True)
        if own.holds(row["organisation__path"])
    ]
    if isinstance(shown, int) and inside:
        people, unit_cells = zip(*inside, strict=True)
        if hidden_reveals(people, unit_cells):
            return privacy.HIDDEN
    return shown


def impact_report(
    *, user: User, organisation: Organisation | None, start: date, end: date
) -> ImpactReport:
    """The figures of the report for ``organisation`` (None: every unit ``user`` oversees)
    over the whole terms from ``start`` to ``end`` (the page asks for one term; other
    periods are widened to the terms they touch). About twenty queries, whatever the size."""
    term = term_of(end)
    start, end = term_of(start).start, term.end
    levels = _levels(user, organisation)
    sessions = _sessions(user, start, end)

    total, total_people = _total(sessions, levels)

    # Schools: decided over everything the reader oversees (so a school's row is the same
    # in every unit's report), then those of the unit.
    by_school = _grouped(
        sessions,
        Levels((EVERYTHING,)),
        group=F("organisation_id"),
        through_group=F("tutoringsession__organisation_id"),
        labels=("organisation__name", "organisation__path"),
    )
    # Decided in the order of the schools' ids, as in the trend (the same ties broken alike).
    by_school.sort(key=lambda item: item[0]["g"])
    choices = [(unit.path, unit.pk) for unit in unit_choices(user)]
    school_cells = _school_cells(by_school, choices)
    schools = sorted(
        (
            Row(
                row["organisation__name"],
                row["sessions0"],
                row["minutes0"],
                row["lesson0"],
                cell,
                row["organisation__path"],
                row["g"],
            )
            for (row, _people_), cell in zip(by_school, school_cells, strict=True)
            if levels.own.holds(row["organisation__path"])
        ),
        key=lambda r: (r.label.casefold(), r.key),
    )

    by_month = _grouped(
        sessions, levels, group=YearMonth("date"), through_group=YearMonth("tutoringsession__date")
    )
    month_cells = layered([people for _row, people in by_month])
    months = [
        Row(month_label(row["g"]), row["sessions0"], row["minutes0"], row["lesson0"], cell)
        for (row, _people_), cell in zip(by_month, month_cells, strict=True)
        if row["sessions0"]
    ]

    by_topic = _grouped(
        sessions,
        levels,
        group=F("topic_id"),
        through_group=F("tutoringsession__topic_id"),
        labels=tuple(f"topic__{f}" for f in Topic.NAME_FIELDS),
    )
    topic_cells = layered([people for _row, people in by_topic])
    topics = sorted(
        (
            Row(
                Topic.label_of(row, "topic__") if row["g"] else _("Ei aihetta"),
                row["sessions0"],
                row["minutes0"],
                row["lesson0"],
                cell,
                key=row["g"],
            )
            for (row, _people_), cell in zip(by_topic, topic_cells, strict=True)
            if row["sessions0"]
        ),
        key=lambda r: (r.key is None, r.label.casefold()),
    )

    # One number of people for the whole report, the total of every table. The tables hide
    # rows until their hidden rows can't be worked out from it; a unit that is not one of
    # the filter's choices (a funder report's) may still have such rows among its schools,
    # and then its total is not shown.
    total.people = _unit_total(total_people, by_school, school_cells, levels.own)

    teachers, teachers_total = _teachers(user, sessions, levels, start, end)

    # Approved substitute spend of the unit's schools: money, shown as it is.
    spends = SubstituteSpend.objects.visible_to(user).filter(
        _reach_q(user, "budget__school_id"), status=SubstituteSpend.Status.APPROVED
    )
    if levels.own.path is not None:
        spends = spends.filter(budget__school__path__startswith=levels.own.path)
    spend_by_school = {
        school_id: (name, Decimal(amount))
        for school_id, name, amount in spends.filter(date__gte=start, date__lte=end)
        .values_list("budget__school_id", "budget__school__name")
        .annotate(total=Sum("amount", output_field=MONEY))
        .order_by()
    }
    hours_of = {row.key: row for row in schools}
    spend_rows = [
        SpendRow(
            name,
            amount,
            hours_of[school_id].hours if school_id in hours_of else Decimal("0.0"),
            hours_of[school_id].lesson_hours if school_id in hours_of else Decimal("0.0"),
        )
        for school_id, (name, amount) in spend_by_school.items()
    ]
    spend_rows.sort(key=lambda r: r.label.casefold())

    # The trend: the last four terms, each a group of one query (and one for the spend).
    terms = trend_terms(term)
    trend_sessions = _sessions(user, terms[0].start, terms[-1].end)
    by_term = {
        row["g"]: (row, people)
        for row, people in _grouped(
            trend_sessions,
            levels,
            group=_term_case(terms, "date"),
            through_group=_term_case(terms, "tutoringsession__date"),
        )
    }
    spend_by_term = {
        row["g"]: Decimal(row["total"])
        for row in spends.filter(date__gte=terms[0].start, date__lte=terms[-1].end)
        .values(g=_term_case(terms, "date"))
        .annotate(total=Sum("amount", output_field=MONEY))
        .order_by()
    }
    # Each term's people as that term's own report shows them (its schools decided the same
    # way), so no term's report gives what another one hides.
    by_term_school = _grouped(
        trend_sessions,
        Levels((EVERYTHING,)),
        group=_term_case(terms, "date"),
        through_group=_term_case(terms, "tutoringsession__date"),
        labels=("organisation_id", "organisation__path"),
        through_labels=("tutoringsession__organisation_id",),
    )
    trend = []
    for i, t in enumerate(terms):
        row, people = by_term.get(i, ({"sessions0": 0, "minutes0": 0}, People([0])))
        if not row["sessions0"]:
            people = People([0])
        schools_then = [item for item in by_term_school if item[0]["g"] == i]
        schools_then.sort(key=lambda item: item[0]["organisation_id"])
        trend.append(
            TermRow(
                t,
                row["sessions0"],
                row["minutes0"],
                _unit_total(people, schools_then, _school_cells(schools_then, choices), levels.own),
                spend_by_term.get(i, Decimal("0.00")),
            )
        )

    return ImpactReport(
        organisation=organisation,
        start=start,
        end=end,
        term=term,
        total=total,
        schools=schools,
        months=months,
        topics=topics,
        teachers=teachers,
        teachers_total=teachers_total,
        spend=spend_rows,
        spend_total=sum((r.amount for r in spend_rows), Decimal("0.00")),
        trend=trend,
    )


# --- The document -------------------------------------------------------------------------------


def _hours_text(hours: Decimal) -> str:
    return _("%(hours)s h") % {"hours": formats.number_format(hours, 1, use_l10n=True)}


def _people_text(people: Any) -> str:
    return _("%(people)s hlö") % {"people": people}


def _euros(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else Decimal(amount).quantize(CENT)


def _activity_table(title: str, first: str, rows: list[Row], total: Row, sheet: str) -> Table:
    return Table(
        title=title,
        header=[first, _("Kerrat"), _("Tunnit"), _("Tavoitetut henkilöt")],
        rows=[[r.label, r.sessions, r.hours, r.people] for r in rows],
        total=[total.label, total.sessions, total.hours, total.people] if rows else None,
        sheet=sheet,
    )


def _hours_chart(title: str, rows: list[Row], first: str, total: Row, sheet: str) -> Chart:
    table = _activity_table(title, first, rows, total, sheet)
    busiest = max(rows, key=lambda r: r.minutes)
    return Chart(
        title=title,
        svg=charts.bar_chart_svg(
            labels=[r.label for r in rows],
            values=[r.hours for r in rows],
            bar_labels=[f"{_hours_text(r.hours)} · {_people_text(r.people)}" for r in rows],
            value_label=_("Tunnit"),
            title=title,
        ),
        alt=_("Vaakapalkit tunneista. Eniten tunteja: %(label)s (%(hours)s). Yhteensä %(total)s.")
        % {
            "label": busiest.label,
            "hours": _hours_text(busiest.hours),
            "total": _hours_text(total.hours),
        },
        table=table,
    )


def _trend_chart(report: ImpactReport) -> Chart:
    title = _("Tunnit, tavoitetut henkilöt ja sijaiskulut lukukausittain")
    rows = report.trend
    per_hour_text = [
        _("%(euros)s €/h") % {"euros": formats.number_format(r.per_hour, 2, use_l10n=True)}
        if r.per_hour is not None
        else _("ei sijaiskuluja")
        if not r.spend
        else ""
        for r in rows
    ]
    table = Table(
        title=title,
        header=[
            _("Lukukausi"),
            _("Kerrat"),
            _("Tunnit"),
            _("Tavoitetut henkilöt"),
            _("Hyväksytyt sijaiskulut (€)"),
            _("€ / tutorointitunti"),
        ],
        rows=[
            [r.term.label, r.sessions, r.hours, r.people, _euros(r.spend), _euros(r.per_hour)]
            for r in rows
        ],
        sheet=_("Kehitys"),
    )
    first, last = rows[0], rows[-1]
    return Chart(
        title=title,
        svg=charts.bar_chart_svg(
            labels=[r.term.label for r in rows],
            values=[r.hours for r in rows],
            bar_labels=[
                " · ".join(filter(None, (_hours_text(r.hours), _people_text(r.people), text)))
                for r, text in zip(rows, per_hour_text, strict=True)
            ],
            value_label=_("Tunnit"),
            title=title,
        ),
        alt=_(
            "Vaakapalkit tutorointitunneista neljältä lukukaudelta: %(first)s %(first_hours)s, "
            "%(last)s %(last_hours)s."
        )
        % {
            "first": first.term.label,
            "first_hours": _hours_text(first.hours),
            "last": last.term.label,
            "last_hours": _hours_text(last.hours),
        },
        table=table,
    )


def _unit_name(organisation: Organisation | None) -> str:
    return organisation.name if organisation else _("Kaikki seuraamasi yksiköt")


def sections(report: ImpactReport) -> list[Section]:
    """The report's sections, for its own page and for the funder report."""
    total = report.total
    summary = Section(
        _("Yhteenveto: tutoroinnin vaikuttavuus"),
        [
            Figures(
                [
                    (_("Tutorointitunnit"), total.hours),
                    (_("Tutorointikerrat"), total.sessions),
                    (_("Tavoitetut henkilöt"), total.people),
                    (_("Kouluja, joissa tutoroitiin"), len(report.schools)),
                    (_("Hyväksytyt sijaiskulut (€)"), _euros(report.spend_total)),
                    (_("Sijaiskulut tutorointituntia kohden (€)"), _euros(report.spend_per_hour)),
                ]
            ),
            Text(
                _(
                    "Tavoitetut henkilöt ovat eri henkilöitä: osallistujaksi nimetty henkilö "
                    "lasketaan kerran, vaikka hän olisi saanut tutorointia monesti. Ilman nimiä "
                    "kirjatut osallistujat lasketaan kirjattuna määränä."
                ),
                "note",
            ),
            Text(
                _(
                    "Alle viiden henkilön luvuista näytetään vain ”< 5”. Merkki ”–” tarkoittaa "
                    "lukua, joka on piilotettu, jotta alle viiden henkilön luku ei selviäisi "
                    "vähennyslaskulla toisesta luvusta tai toisesta rajauksesta."
                ),
                "note",
            ),
        ],
        anchor="impact-summary",
    )
    if not total.sessions:
        summary.blocks.append(
            Text(_("Valitulla rajauksella ei ole kirjattua tutorointia."), "note")
        )
    out = [summary]

    schools = Section(_("Kouluittain"), anchor="impact-schools")
    schools.blocks.append(
        _activity_table(
            _("Tutorointi kouluittain"), _("Koulu tai yksikkö"), report.schools, total, _("Koulut")
        )
    )
    out.append(schools)

    months = Section(_("Kuukausittain"), anchor="impact-months")
    if report.months:
        months.blocks.append(
            _hours_chart(
                _("Tutorointitunnit kuukausittain"),
                report.months,
                _("Kuukausi"),
                total,
                _("Kuukaudet"),
            )
        )
    else:
        months.blocks.append(
            _activity_table(
                _("Tutorointitunnit kuukausittain"), _("Kuukausi"), [], total, _("Kuukaudet")
            )
        )
    out.append(months)

    out.append(
        Section(
            _("Aiheittain"),
            [
                _activity_table(
                    _("Tutorointi aiheittain"), _("Aihe"), report.topics, total, _("Aiheet")
                )
            ],
            anchor="impact-topics",
        )
    )

    teachers = Section(_("Opettajat, jotka saivat tutorointia"), anchor="impact-teachers")
    teachers.blocks.append(
        Text(
            _(
                "Opettajiksi lasketaan koulun henkilöt, joilla on koulussa jäsenen rooli "
                "(opettaja) jonakin lukukauden päivänä. Tutorit, rehtorit (esihenkilöt), "
                "valmentajat ja koordinaattorit eivät ole mukana. Opettaja on saanut "
                "tutorointia, kun hänet on nimetty osallistujaksi johonkin lukukauden "
                "tutorointiin. Osuus näytetään vain, kun koulussa on vähintään viisi "
                "opettajaa ja sekä tutorointia saaneita että muita on vähintään viisi."
            ),
            "note",
        )
    )
    teachers.blocks.append(
        Table(
            title=_("Tutorointia saaneiden opettajien osuus kouluittain"),
            header=[
                _("Koulu tai yksikkö"),
                _("Opettajia"),
                _("Saivat tutorointia"),
                _("Osuus prosentteina"),
            ],
            rows=[[r.label, r.teachers, r.received, r.share] for r in report.teachers],
            total=(
                [
                    report.teachers_total.label,
                    report.teachers_total.teachers,
                    report.teachers_total.received,
                    report.teachers_total.share,
                ]
                if report.teachers_total
                else None
            ),
            sheet=_("Opettajat"),
        )
    )
    out.append(teachers)

    spend = Section(_("Sijaiskulut tutorointituntia kohden"), anchor="impact-spend")
    spend.blocks.append(
        Text(
            _(
                "Hyväksytyt sijaiskulut jaettuina koulun kaikilla tutorointitunneilla ja "
                "oppituntien aikana pidetyillä tutorointitunneilla (jolloin opettaja tarvitsi "
                "sijaisen)."
            ),
            "note",
        )
    )
    spend.blocks.append(
        Table(
            title=_("Hyväksytyt sijaiskulut ja tutorointitunnit kouluittain"),
            header=[
                _("Koulu"),
                _("Hyväksytyt sijaiskulut (€)"),
                _("Tunnit"),
                _("€ / tutorointitunti"),
                _("Tunnit oppituntien aikana"),
                _("€ / tunti oppituntien aikana"),
            ],
            rows=[
                [
                    r.label,
                    _euros(r.amount),
                    r.hours,
                    _euros(r.per_hour),
                    r.lesson_hours,
                    _euros(r.per_lesson_hour),
                ]
                for r in report.spend
            ],
            total=(
                [
                    _("Yhteensä"),
                    _euros(report.spend_total),
                    total.hours,
                    _euros(report.spend_per_hour),
                    total.lesson_hours,
                    _euros(per_hour(report.spend_total, total.lesson_hours)),
                ]
                if report.spend
                else None
            ),
            note=_("Tyhjä € / tunti: koululla ei ollut tunteja lukukaudella."),
            sheet=_("Sijaiskulut"),
        )
    )
    out.append(spend)

    out.append(
        Section(
            _("Kehitys neljän lukukauden aikana"), [_trend_chart(report)], anchor="impact-trend"
        )
    )
    return out


def impact_sections(
    *, user: User, organisation: Organisation | None, start: date, end: date
) -> list[Section]:
    """The tutoring impact of ``organisation`` (None: every unit ``user`` oversees) over the
    terms from ``start`` to ``end``, as sections for a composed report (the funder report).
    Pass a term's dates (``term_of``): other periods are widened to whole terms."""
    return sections(impact_report(user=user, organisation=organisation, start=start, end=end))


def impact_document(*, user: User, organisation: Organisation | None, term: Term) -> Document:
    report = impact_report(user=user, organisation=organisation, start=term.start, end=term.end)
    return Document(
        title=_("Tutoroinnin vaikuttavuus"),
        facts=[
            (_("Alue"), _unit_name(organisation)),
            (_("Lukukausi"), f"{term.label} ({term.dates})"),
        ],
        sections=sections(report),
        filename=f"tutoroinnin-vaikuttavuus-{_unit_name(organisation)}-{term.key}",
    )
