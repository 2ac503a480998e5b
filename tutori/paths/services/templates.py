"""Writes of path templates (part A): creating, editing, archiving, deleting and copying a
template; adding, editing, removing and reordering the steps of its latest version; the
organisation's note policy.

Versioning: a template's latest version is what new people are put on. While nobody follows
it, step edits change it in place; once someone does, the first edit makes version n+1 (a copy
of its steps, with their anchors and dependencies pointing at the copies) and the edit lands
there: people keep the version they are on. Every step edit first locks the template's row
(``select_for_update``: another edit, or a path started at the same moment, waits for it, or
is seen), so the check "does anyone follow it?" and the edit are one decision.

The callers (views) have checked the right to act; these functions check the rules of the
domain again (a form is not the only caller).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tutori.core.errors import ApplicationError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Organisation
from tutori.paths.models import (
    DAYS_MAX,
    NAME_MAX,
    Anchor,
    NotePolicy,
    PathStep,
    PathTemplate,
    PathVersion,
    PersonPath,
    Responsible,
    StepKind,
)
from tutori.paths.permissions import POLICY_ROLES

# A template holds at most this many steps (a path of a few dozen steps is already long).
STEPS_MAX = 50


def _name(value: str) -> str:
    name = clean_text(value)
    if not name:
        raise ApplicationError(_("Anna polkupohjalle nimi."))
    if len(name) > NAME_MAX:
        raise ApplicationError(_("Nimi on liian pitkä."))
    return name


def _valid(template: PathTemplate) -> None:
    try:
        template.full_clean(exclude=["created_by"])
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error


# --- Templates ------------------------------------------------------------------------------


def template_create(
    *, by: Any, organisation: Organisation, name: str, description: str = ""
) -> PathTemplate:
    """A new template with an empty first version."""
    if not organisation.is_active:
        raise ApplicationError(_("Organisaatio ei ole enää käytössä."))
    with transaction.atomic(), scopes_disabled():
        template = PathTemplate(
            organisation=organisation,
            name=_name(name),
            description=clean_text(description),
            created_by=by,
        )
        _valid(template)
        template.save()
        PathVersion.objects.create(template=template, number=1, created_by=by)
    return template


def template_update(
    *, by: Any, template: PathTemplate, name: str, description: str = ""
) -> PathTemplate:
    """A template's name and description (its steps are versioned; these are not)."""
    with transaction.atomic(), scopes_disabled():
        template.name = _name(name)
        template.description = clean_text(description)
        _valid(template)
        template.save(update_fields=["name", "description", "updated_at"])
    return template


def template_archive(*, by: Any, template: PathTemplate, archived: bool = True) -> PathTemplate:
    """Archive a template (it takes no new people; those on it go on) or bring it back."""
    with transaction.atomic(), scopes_disabled():
        template.archived_at = timezone.now() if archived else None
        template.save(update_fields=["archived_at", "updated_at"])
    return template


def template_delete(*, by: Any, template: PathTemplate) -> None:
    """Delete a template nobody is or was on (with its versions and steps); refused with a
    message otherwise: their paths keep their steps, and the reports count them."""
    with transaction.atomic(), scopes_disabled():
        # Locks the template's row: a path started now waits, then finds no template.
        locked = PathTemplate.objects.select_for_update().filter(pk=template.pk).first()
        if locked is None:
            return
        people = PersonPath.objects.filter(template=locked).count()
        if people:
            raise ApplicationError(
                _(
                    "Polkupohjaa ei voi poistaa, koska sillä on tai on ollut henkilöitä "
                    "(%(count)s). Arkistoi pohja: arkistoitu pohja ei ota uusia henkilöitä, "
                    "ja polulla olevat jatkavat."
                )
                % {"count": people}
            )
        # Steps point at each other (anchor, PROTECT): clear those first.
        PathStep.objects.filter(version__template=locked).update(anchor_step=None)
        locked.delete()


def template_copy(
    *, by: Any, template: PathTemplate, name: str, organisation: Organisation | None = None
) -> PathTemplate:
    """A new template (in ``organisation``, by default the same) whose first version is a
    copy of ``template``'s latest version's steps."""
    organisation = organisation or template.organisation
    with transaction.atomic(), scopes_disabled():
        copy = template_create(
            by=by, organisation=organisation, name=name, description=template.description
        )
        source = latest_version(template)
        target = PathVersion.objects.get(template=copy, number=1)
        _copy_steps(source, target)
    return copy


# --- Versions -------------------------------------------------------------------------------


def latest_version(template: PathTemplate) -> PathVersion:
    """The template's latest version (every template has one)."""
    with scopes_disabled():
        version = PathVersion.objects.filter(template=template).order_by("-number").first()
        if version is None:  # a template made without the service: give it its first
            version = PathVersion.objects.create(template=template, number=1)
    return version


def _copy_steps(source: PathVersion, target: PathVersion) -> dict[int, PathStep]:
    """Copy ``source``'s steps into ``target`` (anchors and dependencies pointing at the
    copies); returns old step id → copy."""
    steps = list(
        PathStep.objects.filter(version=source).prefetch_related("depends_on").order_by("position")
    )
    copies: dict[int, PathStep] = {}
    for step in steps:
        copies[step.pk] = PathStep.objects.create(
            version=target,
            position=step.position,
            title=step.title,
            kind=step.kind,
            responsible=step.responsible,
            instructions=step.instructions,
            anchor=step.anchor,
            milestone=step.milestone,
            due_after_days=step.due_after_days,
            due_within_days=step.due_within_days,
            completed_by=step.completed_by,
        )
    for step in steps:
        copy = copies[step.pk]
        if step.anchor_step_id is not None and step.anchor_step_id in copies:
            copy.anchor_step = copies[step.anchor_step_id]
            copy.save(update_fields=["anchor_step"])
        needs = [copies[d.pk] for d in step.depends_on.all() if d.pk in copies]
        if needs:
            copy.depends_on.set(needs)
    return copies


@dataclass(frozen=True)
class Editable:
    """The version a step edit lands on, and whether it was made for this edit."""

    version: PathVersion
    new: bool
    # The step ids of the version that was edited → the same steps in ``version``.
    steps: dict[int, PathStep]

    def step(self, step: PathStep) -> PathStep:
        return self.steps.get(step.pk, step)


def _editable(*, by: Any, template: PathTemplate) -> Editable:
    """Inside the caller's transaction: the latest version, locked, or, when someone follows
    it, a new version with a copy of its steps."""
    # The template's row, locked first: two edits (or an edit and a path started now, whose
    # insert takes a key-share lock on it) wait for each other, and the next statement sees
    # the version the first one made.
    PathTemplate.objects.select_for_update().filter(pk=template.pk).values_list("pk").first()
    version = PathVersion.objects.filter(template=template).order_by("-number").first()
    if version is None:
        version = PathVersion.objects.create(template=template, number=1, created_by=by)
    if not PersonPath.objects.filter(version=version).exists():
        steps = {s.pk: s for s in PathStep.objects.filter(version=version)}
        return Editable(version=version, new=False, steps=steps)
    fresh = PathVersion.objects.create(template=template, number=version.number + 1, created_by=by)
    return Editable(version=fresh, new=True, steps=_copy_steps(version, fresh))


@dataclass(frozen=True)
class StepData:
    """What a step says, as a form or an import gives it (ids of the same version's steps)."""

    title: str
    kind: str
    responsible: str = Responsible.COACH
    instructions: str = ""
    anchor: str = Anchor.START
    anchor_step: int | None = None
    milestone: str = ""
    due_after_days: int = 0
    due_within_days: int = 0
    completed_by: str = ""
    depends_on: Sequence[int] = ()


def _would_cycle(edges: dict[int, set[int]]) -> bool:
    """Whether the graph step → the steps it waits for (anchor and dependencies) has a
    cycle."""
    state: dict[int, int] = {}  # 1: on the path being walked, 2: done

    def walk(node: int) -> bool:
        state[node] = 1
        for nxt in edges.get(node, ()):
            mark = state.get(nxt, 0)
            if mark == 1 or (mark == 0 and walk(nxt)):
                return True
        state[node] = 2
        return False

    return any(state.get(n, 0) == 0 and walk(n) for n in list(edges))


def _apply(step: PathStep, data: StepData, *, version: PathVersion, ids: dict[int, int]) -> None:
    """Write ``data`` on ``step`` (in ``version``), checking the step rules; ``ids`` maps
    the step ids the data names (of the edited version) to those of ``version``."""
    if data.kind not in StepKind.values:
        raise ApplicationError(_("Valitse vaiheen laji."))
    if data.responsible not in Responsible.values:
        raise ApplicationError(_("Valitse, kuka vastaa vaiheesta."))
    if data.anchor not in Anchor.values:
        raise ApplicationError(_("Valitse, mistä vaiheen ajoitus lasketaan."))
    after, within = data.due_after_days, data.due_within_days
    if not (0 <= after <= DAYS_MAX and 0 <= within <= DAYS_MAX):
        raise ApplicationError(
            _("Päivien määrän on oltava 0–%(max)s.") % {"max": DAYS_MAX},
        )
    if within < after:
        raise ApplicationError(
            _("Viimeinen päivä ei voi olla ennen ensimmäistä: korjaa päivien määrät.")
        )
    others = {s.pk: s for s in PathStep.objects.filter(version=version).exclude(pk=step.pk or 0)}
    anchor_step = None
    milestone = ""
    if data.anchor == Anchor.STEP:
        target = ids.get(data.anchor_step) if data.anchor_step is not None else None
        if target not in others:
            raise ApplicationError(_("Valitse vaihe, jonka valmistumisesta ajoitus lasketaan."))
        anchor_step = others[target]
    elif data.anchor == Anchor.MILESTONE:
        milestone = data.milestone.strip()
        if not milestone or ":" not in milestone:
            raise ApplicationError(_("Valitse tapahtuma, josta ajoitus lasketaan."))
    completed_by = data.completed_by.strip()
    if completed_by and ":" not in completed_by:
        raise ApplicationError(_("Valitse tapahtuma, joka merkitsee vaiheen tehdyksi."))
    needs: list[PathStep] = []
    for raw in data.depends_on:
        target = ids.get(raw)
        if target not in others:
            raise ApplicationError(_("Vaihe voi edellyttää vain saman polun muita vaiheita."))
        needs.append(others[target])
    step.title = _name(data.title)
    step.kind = data.kind
    step.responsible = data.responsible
    step.instructions = clean_text(data.instructions)
    step.anchor = data.anchor
    step.anchor_step = anchor_step
    step.milestone = milestone
    step.due_after_days = after
    step.due_within_days = within
    step.completed_by = completed_by
    # The graph of what waits for what, with this step's new edges: no cycles.
    edges: dict[int, set[int]] = {pk: set() for pk in others}
    for pk, other in others.items():
        if other.anchor_step_id:
            edges[pk].add(other.anchor_step_id)
    through = PathStep.depends_on.through.objects.filter(from_pathstep__version=version)
    for source, target in through.values_list("from_pathstep_id", "to_pathstep_id"):
        if source in edges:
            edges[source].add(target)
    # A new step has no id yet and nothing waits for it.
    edges[step.pk or -1] = {n.pk for n in needs} | ({anchor_step.pk} if anchor_step else set())
    if _would_cycle(edges):
        raise ApplicationError(
            _(
                "Vaiheet odottaisivat toisiaan kehässä: vaihe ei voi edellyttää vaihetta, joka "
                "odottaa sitä (suoraan tai toisen vaiheen kautta)."
            )
        )
    try:
        step.full_clean(exclude=["version", "position", "anchor_step"])
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error
    step.save()
    step.depends_on.set(needs)


def step_add(*, by: Any, template: PathTemplate, data: StepData) -> tuple[PathStep, bool]:
    """A new last step of the template's latest version (a new version when someone follows
    it). Returns the step and whether a new version was made. ``data``'s step ids are those
    of the latest version."""
    with transaction.atomic(), scopes_disabled():
        editable = _editable(by=by, template=template)
        version = editable.version
        count = PathStep.objects.filter(version=version).count()
        if count >= STEPS_MAX:
            raise ApplicationError(
                _("Polussa voi olla enintään %(max)s vaihetta.") % {"max": STEPS_MAX}
            )
        last = PathStep.objects.filter(version=version).aggregate(m=Max("position"))["m"] or 0
        step = PathStep(version=version, position=last + 1)
        _apply(step, data, version=version, ids=_ids(editable))
        _touch(template)
    return step, editable.new


def _ids(editable: Editable) -> dict[int, int]:
    return {old: new.pk for old, new in editable.steps.items()}


def _touch(template: PathTemplate) -> None:
    PathTemplate.objects.filter(pk=template.pk).update(updated_at=timezone.now())


def step_update(*, by: Any, step: PathStep, data: StepData) -> tuple[PathStep, bool]:
    """Edit a step of the latest version (in a new version when someone follows it)."""
    template = step.version.template
    with transaction.atomic(), scopes_disabled():
        editable = _editable(by=by, template=template)
        _latest_step_in(editable, step)
        target = editable.step(step)
        _apply(target, data, version=editable.version, ids=_ids(editable))
        _touch(template)
    return target, editable.new


def _latest_step_in(editable: Editable, step: PathStep) -> None:
    if step.pk not in editable.steps:
        raise ApplicationError(
            _("Vaihe kuuluu polkupohjan vanhempaan versioon. Muokkaa uusinta versiota.")
        )


def step_remove(*, by: Any, step: PathStep) -> bool:
    """Remove a step of the latest version (from a new version when someone follows it);
    refused while another step's window counts from it. Returns whether a new version was
    made."""
    template = step.version.template
    with transaction.atomic(), scopes_disabled():
        editable = _editable(by=by, template=template)
        _latest_step_in(editable, step)
        target = editable.step(step)
        anchored = (
            PathStep.objects.filter(version=editable.version, anchor_step=target)
            .values_list("title", flat=True)
            .first()
        )
        if anchored is not None:
            raise ApplicationError(
                _(
                    "Vaihetta ei voi poistaa, koska toisen vaiheen ajoitus lasketaan sen "
                    "valmistumisesta: %(step)s. Muuta ensin sen ajoitus."
                )
                % {"step": anchored}
            )
        target.delete()
        _touch(template)
    return editable.new


def step_move(*, by: Any, step: PathStep, up: bool) -> tuple[PathStep, bool]:
    """Swap a step of the latest version with the one above (``up``) or below it (in a new
    version when someone follows it). Returns the step (in the version edited) and whether a
    new version was made; the first step up or the last down stays where it is."""
    template = step.version.template
    with transaction.atomic(), scopes_disabled():
        editable = _editable(by=by, template=template)
        _latest_step_in(editable, step)
        target = editable.step(step)
        siblings = PathStep.objects.filter(version=editable.version)
        neighbour = (
            siblings.filter(position__lt=target.position).order_by("-position").first()
            if up
            else siblings.filter(position__gt=target.position).order_by("position").first()
        )
        if neighbour is None:
            return target, editable.new
        mine, theirs = target.position, neighbour.position
        # Through a free position: (version, position) is unique at every moment.
        free = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
        PathStep.objects.filter(pk=target.pk).update(position=free)
        PathStep.objects.filter(pk=neighbour.pk).update(position=mine)
        PathStep.objects.filter(pk=target.pk).update(position=theirs)
        target.position = theirs
        _touch(template)
    return target, editable.new


# --- The note policy ------------------------------------------------------------------------


def note_policy_set(*, by: Any, organisation: Organisation, roles: Iterable[str]) -> NotePolicy:
    """Which roles of ``organisation`` (besides a note's author and its person) may read the
    supervision notes of its paths."""
    chosen = sorted({str(r) for r in roles})
    allowed = {str(r) for r in POLICY_ROLES}
    if any(r not in allowed for r in chosen):
        raise ApplicationError(_("Valitse rooleja vain annetuista vaihtoehdoista."))
    with transaction.atomic(), scopes_disabled():
        policy, _created = NotePolicy.objects.update_or_create(
            organisation=organisation, defaults={"roles": chosen, "updated_by": by}
        )
    return policy
