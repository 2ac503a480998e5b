"""People on paths (part B): putting people on a template's latest version (one, or a group
from another app's ``CohortSource``: a programme's participants, a survey answer), assigning a
path's coach, stopping a path, and the person's own reflections. Dates are written by the
engine (``services.schedule``); mail goes through ``core.notify``.

Each function checks the right itself (``PermissionDeniedError``) and refuses what cannot be
done with a message for the user (``ApplicationError``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.notify import notify
from tutori.core.registry import NotificationKind
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Membership, Organisation, Role, path_ids
from tutori.paths import permissions
from tutori.paths.models import NAME_MAX, TEXT_MAX, PathStep, PathTemplate, PathVersion, PersonPath
from tutori.paths.models import Reflection as ReflectionModel
from tutori.paths.services.schedule import path_start

PUT_ON = "paths.put_on"
COACH_ASSIGNED = "paths.coach_assigned"
STOPPED = "paths.stopped"
KINDS = (
    NotificationKind(PUT_ON, gettext_lazy("Tieto polulle liittämisestä"), order=470),
    NotificationKind(COACH_ASSIGNED, gettext_lazy("Tieto uusista valmennettavista"), order=471),
    NotificationKind(STOPPED, gettext_lazy("Tieto polun keskeyttämisestä"), order=472),
)
# A group put on a path at once (a programme's participants, a survey's answerers).
GROUP_MAX = 500


# --- Reads the services share -----------------------------------------------------------------


@scopes_disabled()
def latest_version(template: PathTemplate) -> PathVersion | None:
    """The version new people are put on: the template's latest."""
    return PathVersion.objects.filter(template=template).order_by("-number").first()


def _coach_memberships() -> Any:
    return Membership.objects.active().filter(organisation__is_active=True, role=Role.COACH)


@scopes_disabled()
def coach_candidates(organisation: Organisation) -> list[User]:
    """The people who may coach a path in ``organisation``: an active coach membership there
    or in an organisation above it (by name)."""
    return list(
        User.objects.filter(
            pk__in=_coach_memberships()
            .filter(organisation_id__in=path_ids(organisation.path) or [organisation.pk])
            .values("user_id"),
            is_active=True,
        ).order_by("display_name", "email", "pk")
    )


@scopes_disabled()
def template_coaches(template: PathTemplate) -> list[User]:
    """The coaches one may choose when putting people on ``template``: those of its
    organisation, above it or below it (a coach of one workshop coaches the people of that
    workshop: see ``coach_paths``)."""
    root = template.organisation
    return list(
        User.objects.filter(
            pk__in=_coach_memberships()
            .filter(
                Q(organisation_id__in=path_ids(root.path) or [root.pk])
                | Q(organisation__path__startswith=root.path)
            )
            .values("user_id"),
            is_active=True,
        ).order_by("display_name", "email", "pk")
    )


@scopes_disabled()
def coach_paths(coach: User) -> list[str]:
    """The materialised paths of the organisations where ``coach`` holds the coach role: a
    path in an organisation at or below one of them may be theirs."""
    return list(
        _coach_memberships().filter(user=coach).values_list("organisation__path", flat=True)
    )


def _may_coach(coach: User, organisation: Organisation) -> bool:
    return any(organisation.path.startswith(p) for p in coach_paths(coach))


@scopes_disabled()
def home_organisations(template: PathTemplate, person_ids: list[int]) -> dict[int, Organisation]:
    """Each person's organisation for a path of ``template``: their active membership in the
    template's organisation or below it (the deepest; the first by name among equals). People
    without one are left out."""
    root = template.organisation
    rows = (
        Membership.objects.active()
        .filter(
            user_id__in=person_ids,
            user__is_active=True,
            organisation__is_active=True,
            organisation__path__startswith=root.path,
        )
        .select_related("organisation")
        .order_by("user_id", "organisation__name", "pk")
    )
    found: dict[int, Organisation] = {}
    for m in rows:
        best = found.get(m.user_id)
        if best is None or len(m.organisation.path) > len(best.path):
            found[m.user_id] = m.organisation
    return found


# --- Putting people on a path -------------------------------------------------------------------


@dataclass
class PutOn:
    """What putting people on a path did: who is on it now, who was on it already, who was
    left out (no membership in the template's organisation), who got no coach."""

    put_on: list[User] = field(default_factory=list)
    already: list[User] = field(default_factory=list)
    outside: list[User] = field(default_factory=list)
    # Put on without the chosen coach: their organisation is not the coach's (or below it).
    without_coach: list[User] = field(default_factory=list)


def put_on(
    *, template: PathTemplate, person_ids: list[int], by: User, coach: User | None = None
) -> PutOn:
    """Put the people on ``template``'s latest version in one action: each in their own
    organisation (within the template's), with ``coach`` when given. People already on the
    template's path are counted, not put on again. Mails the people put on and the coach."""
    if not permissions.can_manage_template(by, template):
        raise PermissionDeniedError(_("Vain polkupohjan organisaation koordinaattori voi liittää."))
    if template.archived_at is not None:
        raise ApplicationError(_("Arkistoidulle polulle ei voi liittää uusia henkilöitä."))
    version = latest_version(template)
    with scopes_disabled():
        has_steps = version is not None and PathStep.objects.filter(version=version).exists()
    if version is None or not has_steps:
        raise ApplicationError(_("Polkupohjassa ei ole vielä vaiheita."))
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        raise ApplicationError(_("Valitse ainakin yksi henkilö."))
    if len(ids) > GROUP_MAX:
        raise ApplicationError(
            _("Kerralla voi liittää enintään %(max)s henkilöä.") % {"max": GROUP_MAX}
        )
    coaches_in: list[str] = []
    if coach is not None:
        if not any(c.pk == coach.pk for c in template_coaches(template)):
            raise ApplicationError(_("Valittu henkilö ei ole valmentaja tässä organisaatiossa."))
        coaches_in = coach_paths(coach)
    result = PutOn()
    first: PersonPath | None = None
    coached: list[User] = []
    with transaction.atomic(), scopes_disabled():
        people = {
            p.pk: p for p in User.objects.filter(pk__in=ids).order_by("display_name", "email", "pk")
        }
        homes = home_organisations(template, list(people))
        on_already = set(
            PersonPath.objects.filter(
                template=template, person_id__in=list(people), status=PersonPath.Status.ACTIVE
            ).values_list("person_id", flat=True)
        )
        for person in people.values():
            if person.pk in on_already:
                result.already.append(person)
                continue
            home = homes.get(person.pk)
            if home is None:
                result.outside.append(person)
                continue
            # The coach coaches those of their own organisation and below it.
            theirs = coach if any(home.path.startswith(p) for p in coaches_in) else None
            try:
                with transaction.atomic():
                    started = path_start(
                        version=version,
                        person=person,
                        organisation_id=home.pk,
                        coach=theirs,
                        by=by,
                    )
            except (ApplicationError, IntegrityError):
                # Put on by someone else a moment ago.
                result.already.append(person)
                continue
            result.put_on.append(person)
            if theirs is not None:
                first = first or started.path
                coached.append(person)
            elif coach is not None:
                result.without_coach.append(person)
            _tell_person(started.path, template=template, coach=theirs)
        if coach is not None and first is not None:
            _tell_coach(
                coach, template=template, people=coached, path=None if len(coached) > 1 else first
            )
    return result


def _tell_person(path: PersonPath, *, template: PathTemplate, coach: User | None) -> None:
    notify(
        path.person,
        kind=PUT_ON,
        subject=lambda: _("Sinut on liitetty polulle: %(name)s") % {"name": template.name},
        template="paths/email/put_on.txt",
        context={"template": template, "coach": coach, "path": path},
        action_path=reverse("paths:mine"),
    )


def _tell_coach(
    coach: User, *, template: PathTemplate, people: list[User], path: PersonPath | None
) -> None:
    """Tell the coach of their new people: a link to the path (one person) or to their
    "Valmennettavat"."""
    notify(
        coach,
        kind=COACH_ASSIGNED,
        subject=lambda: _("Uusia valmennettavia polulla: %(name)s") % {"name": template.name},
        template="paths/email/coach_assigned.txt",
        context={"template": template, "people": people},
        action_path=reverse("paths:path", args=[path.pk]) if path else reverse("paths:coach"),
    )


# --- A path's coach, stopping ---------------------------------------------------------------------


def _managed_active(path: PersonPath, by: User) -> PersonPath:
    if not permissions.can_manage_path(by, path):
        raise PermissionDeniedError(_("Vain polun organisaation koordinaattori voi tehdä tämän."))
    with scopes_disabled():
        current = (
            PersonPath.objects.select_for_update()
            .select_related("template", "person", "organisation")
            .get(pk=path.pk)
        )
    if current.status != PersonPath.Status.ACTIVE:
        raise ApplicationError(_("Polku ei ole enää käynnissä."))
    return current


def coach_assign(*, path: PersonPath, coach: User | None, by: User) -> PersonPath:
    """Make ``coach`` the coach of an active path (None: no coach). Mails the new coach."""
    with transaction.atomic():
        current = _managed_active(path, by)
        if coach is not None and not _may_coach(coach, current.organisation):
            raise ApplicationError(_("Valittu henkilö ei ole valmentaja tässä organisaatiossa."))
        new_id = coach.pk if coach is not None else None
        if current.coach_id == new_id:
            return current
        current.coach = coach
        current.save(update_fields=["coach", "updated_at"])
        if coach is not None:
            _tell_coach(coach, template=current.template, people=[current.person], path=current)
    return current


def path_stop(*, path: PersonPath, reason: str, by: User) -> PersonPath:
    """Stop an active path with a reason; its steps stay as they are (counted as stopped).
    The person and the coach are mailed."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Kerro keskeytyksen syy."))
    with transaction.atomic():
        current = _managed_active(path, by)
        current.status = PersonPath.Status.STOPPED
        current.stopped_on = timezone.localdate()
        current.stop_reason = reason[:NAME_MAX]
        current.save(update_fields=["status", "stopped_on", "stop_reason", "updated_at"])
        # The person and their coach are told (the reason stays with the coordinators).
        for told, where in (
            (current.person, reverse("paths:mine")),
            (current.coach, reverse("paths:path", args=[current.pk])),
        ):
            if told is not None:
                notify(
                    told,
                    kind=STOPPED,
                    subject=lambda: (
                        _("Polku keskeytetty: %(name)s") % {"name": current.template.name}
                    ),
                    template="paths/email/stopped.txt",
                    context={"path": current, "template": current.template},
                    action_path=where,
                )
    return current


# --- Reflections --------------------------------------------------------------------------------


def reflection_add(*, path: PersonPath, text: str, by: User) -> ReflectionModel:
    """The person's own reflection on their path (the coach reads it)."""
    if not permissions.is_own_path(by, path):
        raise PermissionDeniedError(_("Vain polun henkilö voi kirjoittaa pohdintoja."))
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Kirjoita pohdintasi."))
    if len(text) > TEXT_MAX:
        raise ApplicationError(
            _("Pohdinta on liian pitkä (enintään %(max)s merkkiä).") % {"max": TEXT_MAX}
        )
    with scopes_disabled():
        return ReflectionModel.objects.create(path=path, text=text)
