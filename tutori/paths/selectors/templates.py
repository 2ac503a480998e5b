"""Reads of path templates (part A): the coordinator's list, one template with its latest
version's steps and its versions (how many follow each), the milestones a step may count
from, and a step's window in words ("7–14 päivää koulutuksen suorittamisesta").

Templates and versions are read through their scoped managers; steps (plain models) only
through a version the caller already sees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tutori.access import engine
from tutori.core import registry as r
from tutori.core.milestones import split_ref
from tutori.orgs.models import Organisation
from tutori.paths.models import (
    Anchor,
    NotePolicy,
    PathStep,
    PathTemplate,
    PathVersion,
    PersonPath,
)
from tutori.paths.permissions import ORGANISER_ROLES

# How a window's milestone reads after "7–14 päivää …", per milestone source; a source not
# named here reads "tapahtumasta: <its label>".
SINCE = {
    "programmes.completed": gettext_lazy("koulutuksen suorittamisesta"),
    "surveys.answered": gettext_lazy("kyselyyn vastaamisesta"),
}
ARCHIVED_CHOICES = ("", "archived", "all")


def organisable_organisations(*, user: Any) -> list[Organisation]:
    """The active organisations where ``user`` may define path templates."""
    qs = Organisation.objects.visible_to(user).filter(is_active=True)
    if not engine.reach(user).is_admin:
        qs = qs.filter(engine.ids_q(user, "pk", ORGANISER_ROLES))
    return list(qs.order_by("path")[:500])


def template_list(*, user: Any, query: str = "", archived: str = "") -> QuerySet[PathTemplate]:
    """The templates of the organisations ``user`` organises paths in (``archived``: ""
    in use, "archived" the archived ones, "all" both), by name (``with_counts`` adds the
    numbers of a page)."""
    qs = PathTemplate.objects.visible_to(user).select_related("organisation")
    if not engine.reach(user).is_admin:
        qs = qs.filter(engine.ids_q(user, "organisation_id", ORGANISER_ROLES))
    for term in query.split()[:5]:
        qs = qs.filter(
            Q(name__icontains=term)
            | Q(description__icontains=term)
            | Q(organisation__name__icontains=term)
        )
    if archived == "archived":
        qs = qs.filter(archived_at__isnull=False)
    elif archived != "all":
        qs = qs.filter(archived_at__isnull=True)
    return qs.order_by("name", "pk")  # type: ignore[no-any-return]


def with_counts(*, user: Any, templates: Any) -> list[PathTemplate]:
    """The templates of one page of the list, each with ``latest`` (its latest version's
    number) and ``active`` (the people on it now): one query for the page, whatever the
    number of people on the paths of all templates."""
    rows = list(templates)
    counts = (
        PathTemplate.objects.visible_to(user)
        .filter(pk__in=[t.pk for t in rows])
        .annotate(
            latest=Max("versions__number"),
            active=Count(
                "person_paths",
                filter=Q(person_paths__status=PersonPath.Status.ACTIVE),
                distinct=True,
            ),
        )
        .values_list("pk", "latest", "active")
    )
    found = {pk: (latest, active) for pk, latest, active in counts}
    for template in rows:
        template.latest, template.active = found.get(template.pk, (1, 0))  # type: ignore[attr-defined]
    return rows


def template_get(*, user: Any, pk: int) -> PathTemplate | None:
    return (
        PathTemplate.objects.visible_to(user)
        .select_related("organisation", "created_by")
        .filter(pk=pk)
        .first()
    )


def version_get(*, user: Any, pk: int) -> PathVersion | None:
    return (
        PathVersion.objects.visible_to(user)
        .select_related("template__organisation")
        .filter(pk=pk)
        .first()
    )


def step_get(*, user: Any, pk: int) -> PathStep | None:
    """A step of a version ``user`` sees."""
    return (
        PathStep.objects.select_related("version__template__organisation")
        .filter(pk=pk, version__in=PathVersion.objects.visible_to(user).values("pk"))
        .first()
    )


def versions_of(*, user: Any, template: PathTemplate) -> list[PathVersion]:
    """The template's versions, the latest first, each with ``active`` (people on it now),
    ``followers`` (all who were ever on it) and ``step_count``."""
    return list(
        PathVersion.objects.visible_to(user)
        .filter(template=template)
        .select_related("created_by")
        .annotate(
            followers=Count("person_paths", distinct=True),
            active=Count(
                "person_paths",
                filter=Q(person_paths__status=PersonPath.Status.ACTIVE),
                distinct=True,
            ),
            step_count=Count("steps", distinct=True),
        )
        .order_by("-number")
    )


def steps_of(version: PathVersion) -> list[PathStep]:
    """A version (the caller sees it) with its steps in order, their anchors and
    dependencies."""
    return list(
        PathStep.objects.filter(version=version)
        .select_related("anchor_step")
        .prefetch_related("depends_on")
        .order_by("position", "pk")
    )


# --- Milestones -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Milestones:
    """The milestones ``user`` may name in a step, grouped by source for a ``<select>``, and
    every label by its stored ``"<key>:<id>"``."""

    groups: list[tuple[str, list[tuple[str, str]]]]
    labels: dict[str, str]

    def with_current(self, *refs: str) -> list[tuple[str, list[tuple[str, str]]]]:
        """The groups, with stored choices the user could not choose themselves (another
        coordinator's survey) kept, so that saving the step does not lose them."""
        extra = [(ref, self.label(ref)) for ref in refs if ref and ref not in self.labels]
        return [*self.groups, (str(_("Nykyinen valinta")), extra)] if extra else self.groups

    def label(self, ref: str) -> str:
        """ "Koulutus suoritettu: Vertaisohjaajakoulutus" (a milestone the user may not list:
        its source's label and number)."""
        if ref in self.labels:
            return self.labels[ref]
        key, item = split_ref(ref)
        source = r.milestone_source(key)
        return f"{source.label}: #{item}" if source else ref


def milestones_for(*, user: Any) -> Milestones:
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    labels: dict[str, str] = {}
    for source in r.milestone_sources():
        options = []
        for item, text in source.choices(user):
            ref = f"{source.key}:{item}"
            labels[ref] = f"{source.label}: {text}"
            options.append((ref, str(text)))
        if options:
            groups.append((str(source.label), options))
    return Milestones(groups=groups, labels=labels)


def _since(step: PathStep, milestones: Milestones | None) -> str:
    """What the window counts from, in the elative: "polulle liittämisestä"."""
    if step.anchor == Anchor.STEP and step.anchor_step is not None:
        return _("vaiheen ”%(step)s” valmistumisesta") % {"step": step.anchor_step.title}
    if step.anchor == Anchor.MILESTONE and step.milestone:
        key, _item = split_ref(step.milestone)
        name = _item_name(step.milestone, milestones)
        if key in SINCE:
            return f"{SINCE[key]} ({name})" if name else str(SINCE[key])
        source = r.milestone_source(key)
        label = str(source.label) if source else step.milestone
        return _("tapahtumasta: %(event)s") % {"event": f"{label}: {name}" if name else label}
    return _("polulle liittämisestä")


def _item_name(ref: str, milestones: Milestones | None) -> str:
    if milestones is None:
        return ""
    label = milestones.labels.get(ref)
    if label is None:
        return "#" + split_ref(ref)[1]
    return label.split(": ", 1)[1] if ": " in label else label


def window_words(step: PathStep, milestones: Milestones | None = None) -> str:
    """A step's window in words: "7–14 päivää koulutuksen suorittamisesta
    (Vertaisohjaajakoulutus)", "3 päivää polulle liittämisestä", "heti polulle
    liittämisestä"."""
    since = _since(step, milestones)
    after, within = step.due_after_days, step.due_within_days
    if after == within == 0:
        return _("heti %(since)s") % {"since": since}
    if after == within:
        return ngettext("%(days)s päivä %(since)s", "%(days)s päivää %(since)s", within) % {
            "days": within,
            "since": since,
        }
    return _("%(first)s–%(last)s päivää %(since)s") % {
        "first": after,
        "last": within,
        "since": since,
    }


def completed_by_words(step: PathStep, milestones: Milestones | None = None) -> str:
    """ "Valmistuu itsestään: Kysely vastattu: Halukkuuskartoitus" or ""."""
    if not step.completed_by:
        return ""
    label = milestones.label(step.completed_by) if milestones else step.completed_by
    return _("Valmistuu itsestään: %(event)s") % {"event": label}


# --- The note policy ------------------------------------------------------------------------


def note_policy_roles(*, user: Any, organisation: Organisation) -> list[str]:
    """The roles the organisation's note policy names (none without one)."""
    roles = (
        NotePolicy.objects.visible_to(user)
        .filter(organisation=organisation)
        .values_list("roles", flat=True)
        .first()
    )
    return [str(role) for role in roles or []]
