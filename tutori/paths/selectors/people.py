"""Reads of people on paths (part B): the people a coordinator may put on a template, the
groups other apps offer (``CohortSource``), the coordinator's list of paths, a path's page
(its steps in order with their state and window) and the person's own paths.

Steps and reflections are reached only through a ``PersonPath`` the user sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tutori.access import engine
from tutori.accounts.models import User
from tutori.core import registry
from tutori.core.registry import Label
from tutori.orgs.models import Membership
from tutori.paths import permissions
from tutori.paths.dates import day_text, window_text
from tutori.paths.models import PathStep, PathTemplate, PersonPath, PersonStep, Reflection
from tutori.paths.services.schedule import StepState, blocked_ids, step_state

# Ids beyond a database integer are nobody's (and would overflow the query).
MAX_ID = 2**31 - 1
SEARCH_LIMIT = 50
# What each kind of group is called on the page (a source not named here shows its key).
COHORT_LABELS: dict[str, Label] = {
    "programmes": _("Koulutuksen osallistujat"),
    "surveys.answers": _("Kyselyn vastaus"),
}


# --- Putting people on a path -------------------------------------------------------------------


def template_get(*, user: Any, pk: int) -> PathTemplate | None:
    if pk > MAX_ID:
        return None
    return (
        PathTemplate.objects.visible_to(user).select_related("organisation").filter(pk=pk).first()
    )


def people_to_put_on(*, user: Any, template: PathTemplate, query: str) -> list[dict[str, Any]]:
    """People with an active membership in the template's organisation or below it that the
    coordinator sees, found by name or e-mail (at least two characters), each with their
    organisations and their running path of the template (if any)."""
    terms = query.split()[:5]
    if not terms or len(query.strip()) < 2:
        return []
    qs = (
        Membership.objects.visible_to(user)
        .active()
        .filter(
            organisation__path__startswith=template.organisation.path,
            organisation__is_active=True,
            user__is_active=True,
        )
        .select_related("user", "organisation")
    )
    for term in terms:
        qs = qs.filter(Q(user__display_name__icontains=term) | Q(user__email__icontains=term))
    found: dict[int, dict[str, Any]] = {}
    for m in qs.order_by("user__display_name", "organisation__name", "pk")[:SEARCH_LIMIT]:
        row = found.setdefault(m.user_id, {"person": m.user, "organisations": [], "path": None})
        row["organisations"].append(m.organisation)
    if found:
        for p in PersonPath.objects.visible_to(user).filter(
            template=template, person_id__in=list(found), status=PersonPath.Status.ACTIVE
        ):
            found[p.person_id]["path"] = p
    return list(found.values())


def person_seen(*, user: Any, template: PathTemplate, pk: int) -> User | None:
    """A person with an active membership in the template's organisation or below it that
    the coordinator sees."""
    if pk > MAX_ID:
        return None
    membership = (
        Membership.objects.visible_to(user)
        .active()
        .filter(
            user_id=pk,
            user__is_active=True,
            organisation__is_active=True,
            organisation__path__startswith=template.organisation.path,
        )
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def cohort_choices(*, user: Any) -> list[tuple[Label, list[tuple[str, str]]]]:
    """The groups of people other apps offer ``user`` (a programme's participants, the people
    who gave an answer in a survey), grouped by kind: ``[(kind, [("<key>:<id>", label)])]``."""
    groups: list[tuple[Label, list[tuple[str, str]]]] = []
    for source in registry.cohort_sources():
        rows = [(f"{source.key}:{cid}", label) for cid, label in source.cohorts(user)]
        if rows:
            groups.append((COHORT_LABELS.get(source.key, source.key), rows))
    return groups


def cohort_members(value: str) -> list[int]:
    """The ids of the people in a group named ``"<key>:<id>"`` (the caller checked it was
    offered to the user)."""
    key, _sep, cohort_id = value.partition(":")
    source = next((s for s in registry.cohort_sources() if s.key == key), None)
    return [] if source is None else source.members(cohort_id)


# --- The coordinator's list of paths ---------------------------------------------------------


def _organised(qs: Any, user: Any) -> Any:
    """``qs`` limited to the organisations where ``user`` puts people on paths (admins: all)."""
    reach = engine.reach(user)
    if reach.is_admin:
        return qs
    return qs.filter(organisation_id__in=reach.ids(permissions.ORGANISER_ROLES))


def organised_paths(*, user: Any) -> QuerySet[PersonPath]:
    """The paths of the organisations where ``user`` puts people on paths."""
    return _organised(PersonPath.objects.visible_to(user), user)  # type: ignore[no-any-return]


def path_list(
    *,
    user: Any,
    query: str = "",
    template_id: int | None = None,
    status: str = "",
    coach_id: int | None = None,
    overdue: bool = False,
    today: date | None = None,
) -> QuerySet[PersonPath]:
    """The coordinator's paths, with each one's progress (done/all) and overdue steps: by
    person's name. Filtered by a search on the person, the template, the status, the coach,
    and "overdue only"."""
    today = today or timezone.localdate()
    late = Q(steps__done_on__isnull=True, steps__due_to__lt=today)
    qs = organised_paths(user=user).select_related("person", "template", "coach", "organisation")
    for term in query.split()[:5]:
        qs = qs.filter(
            Q(person__display_name__icontains=term)
            | Q(person__email__icontains=term)
            | Q(organisation__name__icontains=term)
        )
    if template_id:
        qs = qs.filter(template_id=template_id)
    if status:
        qs = qs.filter(status=status)
    if coach_id:
        qs = qs.filter(coach_id=coach_id)
    if overdue:
        qs = qs.filter(
            status=PersonPath.Status.ACTIVE,
            pk__in=PersonStep.objects.filter(done_on__isnull=True, due_to__lt=today).values(
                "path_id"
            ),
        )
    return qs.annotate(  # type: ignore[no-any-return]
        total=Count("steps"),
        done=Count("steps", filter=Q(steps__done_on__isnull=False)),
        late=Count("steps", filter=late & Q(status=PersonPath.Status.ACTIVE)),
    ).order_by("person__display_name", "template__name", "-started_on", "pk")


def list_filters(*, user: Any) -> dict[str, list[tuple[int, str]]]:
    """The templates and coaches the list may be filtered by, and the templates that take
    new people (not archived): two queries."""
    rows = list(
        _organised(PathTemplate.objects.visible_to(user), user)
        .order_by("name", "pk")
        .values_list("pk", "name", "archived_at")
    )
    templates = [(pk, name) for pk, name, _archived in rows]
    open_templates = [(pk, name) for pk, name, archived in rows if archived is None]
    coaches = list(
        User.objects.filter(
            pk__in=organised_paths(user=user).filter(coach__isnull=False).values("coach_id")
        )
        .order_by("display_name", "email", "pk")
        .values_list("pk", "display_name")
    )
    return {"templates": templates, "coaches": coaches, "open_templates": open_templates}


# --- A path's page ------------------------------------------------------------------------------


def path_get(*, user: Any, pk: int) -> PersonPath | None:
    if pk > MAX_ID:
        return None
    return (  # type: ignore[no-any-return]
        PersonPath.objects.visible_to(user)
        .select_related("template", "version", "person", "coach", "organisation")
        .filter(pk=pk)
        .first()
    )


@dataclass
class StepLine:
    """One step of a path as its page shows it."""

    ps: PersonStep
    state: str
    window: str
    done: str
    depends_on: list[str] = field(default_factory=list)


@dataclass
class PathPage:
    path: PersonPath
    steps: list[StepLine]
    done: int
    total: int
    overdue: int
    next_step: StepLine | None


def path_pages(*, paths: list[PersonPath], today: date | None = None) -> list[PathPage]:
    """Each path's steps in order with their state, window (with weekdays) and done date;
    its progress and next step. Two queries for any number of paths."""
    today = today or timezone.localdate()
    if not paths:
        return []
    by_id = {p.pk: p for p in paths}
    rows = list(
        PersonStep.objects.filter(path_id__in=list(by_id))
        .select_related("step")
        .order_by("path_id", "step__position")
    )
    depends: dict[int, set[int]] = {}
    for step_id, needed in PathStep.objects.filter(
        version_id__in={p.version_id for p in paths}, depends_on__isnull=False
    ).values_list("pk", "depends_on"):
        depends.setdefault(step_id, set()).add(needed)
    blocked = blocked_ids(rows, depends)
    titles = {ps.step_id: ps.step.title for ps in rows}
    lines: dict[int, list[StepLine]] = {pk: [] for pk in by_id}
    for ps in rows:
        ps.path = by_id[ps.path_id]
        lines[ps.path_id].append(
            StepLine(
                ps=ps,
                state=step_state(ps, today=today, blocked=ps.pk in blocked),
                window=window_text(ps.due_from, ps.due_to),
                done=day_text(ps.done_on),
                depends_on=[titles[d] for d in sorted(depends.get(ps.step_id, ())) if d in titles],
            )
        )
    pages = []
    for path in paths:
        steps = lines[path.pk]
        next_step = next((line for line in steps if line.state != StepState.DONE), None)
        pages.append(
            PathPage(
                path=path,
                steps=steps,
                done=sum(1 for line in steps if line.state == StepState.DONE),
                total=len(steps),
                overdue=sum(1 for line in steps if line.state == StepState.OVERDUE),
                next_step=next_step if path.status == PersonPath.Status.ACTIVE else None,
            )
        )
    return pages


def path_page(*, path: PersonPath, today: date | None = None) -> PathPage:
    """One path's page (see ``path_pages``). Two queries."""
    return path_pages(paths=[path], today=today)[0]


def may_read_reflections(user: Any, path: PersonPath) -> bool:
    """The person's reflections are read by the person and their coach."""
    return bool(getattr(user, "is_authenticated", False)) and user.pk in (
        path.person_id,
        path.coach_id,
    )


def reflections(*, path: PersonPath) -> list[Reflection]:
    """The reflections of a path the caller sees and may read (see ``may_read_reflections``),
    latest first."""
    return reflections_of(paths=[path])[path.pk]


def reflections_of(*, paths: list[PersonPath]) -> dict[int, list[Reflection]]:
    """The reflections of each path (seen by the caller, who may read them), latest first:
    one query."""
    found: dict[int, list[Reflection]] = {p.pk: [] for p in paths}
    if paths:
        for r in Reflection.objects.filter(path_id__in=list(found)).order_by("-created_at", "-pk"):
            found[r.path_id].append(r)
    return found


# --- One's own paths ----------------------------------------------------------------------------


def my_paths(*, user: Any) -> list[PersonPath]:
    """The person's own paths: running ones first, then completed and stopped, latest first."""
    paths = list(
        PersonPath.objects.visible_to(user)
        .filter(person=user)
        .select_related("template", "coach", "organisation")
        .order_by("-started_on", "-pk")
    )
    return sorted(paths, key=lambda p: p.status != PersonPath.Status.ACTIVE)


def panel_mine(*, user: Any) -> dict[str, Any] | None:
    """The dashboard panel of one's own running paths (each with its progress and next
    step), or None when one is on none. Three queries at most (one when on none)."""
    if not getattr(user, "is_authenticated", False):
        return None
    paths = list(
        PersonPath.objects.visible_to(user)
        .filter(person=user, status=PersonPath.Status.ACTIVE)
        .select_related("template")
        .order_by("-started_on", "-pk")[:5]
    )
    if not paths:
        return None
    return {"pages": path_pages(paths=paths)}
