"""Who may do what with follow-up paths: role sets, object rules (``paths.*`` permissions)
and the visibility of the path models, on the scope engine.

- Coordinators of an organisation (or above it) define its path templates, put its people on
  paths, assign coaches, set who may read supervision notes, and see its path reports.
- A path's coach (and the coordinators) run its steps: mark them done, reschedule with a
  reason; the coach records supervision conversations.
- The person sees their own path, the notes written for them, and writes reflections.
- Managers and coaches of the person's organisation follow its paths (not the notes).
- A supervision note is read by its author, the person, and the roles the organisation's
  ``NotePolicy`` names — nobody else (not a coordinator unless named); every read by
  someone other than the author is recorded (``selectors`` do it).
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from tutori.access import engine
from tutori.core.scoping import scopes_disabled, visibility
from tutori.orgs.models import Organisation, Role
from tutori.paths.models import (
    NotePolicy,
    PathTemplate,
    PathVersion,
    PersonPath,
    SupervisionNote,
)

ORGANISER_ROLES = frozenset({Role.COORDINATOR})
FOLLOWER_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER, Role.COACH})
# The roles a NotePolicy may name (besides the author and the person).
POLICY_ROLES = (Role.COORDINATOR, Role.MANAGER, Role.COACH)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _has(user: Any, organisation: Organisation | None, roles: frozenset[str]) -> bool:
    return organisation is not None and bool(engine.reach(user).roles_in(organisation) & roles)


@rules.predicate
def organises_anywhere(user: Any) -> bool:
    return engine.reach(user).holds(ORGANISER_ROLES)


@rules.predicate
def coaches_anywhere(user: Any) -> bool:
    """The coach's dashboard: anyone holding the coach role (a path's coach is chosen among
    them) or the coordinator role. Asked by the menu on every page: no query of its own."""
    if not _signed_in(user):
        return False
    return engine.reach(user).holds(frozenset({Role.COACH}) | ORGANISER_ROLES)


@rules.predicate
def coaches_by_role(user: Any) -> bool:
    """ "Valmennettavat" in the menu: those holding the coach role (a coordinator reaches the
    paths through "Henkilöiden polut", and the page itself through ``paths.coach_any``; a
    platform admin, who holds every role, is no one's coach)."""
    r = engine.reach(user)
    return _signed_in(user) and not r.is_admin and r.holds(frozenset({Role.COACH}))


@rules.predicate
def can_organise_in(user: Any, organisation: Organisation | None) -> bool:
    return _has(user, organisation, ORGANISER_ROLES) and bool(
        organisation and organisation.is_active
    )


@rules.predicate
def can_manage_template(user: Any, template: PathTemplate | None) -> bool:
    """Edit, version, archive or delete a template: a coordinator of its organisation."""
    return template is not None and can_organise_in(user, template.organisation)


@rules.predicate
def can_manage_path(user: Any, path: PersonPath | None) -> bool:
    """Assign the coach, stop the path: a coordinator of the path's organisation."""
    return path is not None and can_organise_in(user, path.organisation)


@rules.predicate
def can_run_path(user: Any, path: PersonPath | None) -> bool:
    """Mark steps done, reschedule them: the path's coach and the coordinators."""
    if path is None or not _signed_in(user):
        return False
    return path.coach_id == user.pk or bool(can_manage_path(user, path))


@rules.predicate
def can_write_notes(user: Any, path: PersonPath | None) -> bool:
    """Record a supervision conversation: the path's coach while the path runs."""
    if path is None or not _signed_in(user):
        return False
    return path.coach_id == user.pk and path.status == PersonPath.Status.ACTIVE


@rules.predicate
def is_own_path(user: Any, path: PersonPath | None) -> bool:
    """See one's own path, add reflections: the person."""
    return path is not None and _signed_in(user) and path.person_id == user.pk


def policy_roles(organisation_id: int) -> set[str]:
    """The roles an organisation's note policy names (none without a policy)."""
    with scopes_disabled():
        roles = (
            NotePolicy.objects.filter(organisation_id=organisation_id)
            .values_list("roles", flat=True)
            .first()
        )
    return {str(r) for r in roles or []}


@rules.predicate
def can_read_note(user: Any, note: SupervisionNote | None) -> bool:
    """The note's author, the person it is about, and the holders of a role the path's
    organisation's note policy names (in that organisation or above it). A platform admin
    holds no role of an organisation's own: they read no one's notes."""
    if note is None or not _signed_in(user):
        return False
    path = note.path
    if note.author_id == user.pk or path.person_id == user.pk:
        return True
    if engine.reach(user).is_admin:
        return False
    named = policy_roles(path.organisation_id)
    return bool(named) and _has(user, path.organisation, frozenset(named))


rules.add_perm("paths.organise_any", organises_anywhere)
rules.add_perm("paths.coach_any", coaches_anywhere)
rules.add_perm("paths.coach_menu", coaches_by_role)
rules.add_perm("paths.organise_in", can_organise_in)
rules.add_perm("paths.manage_template", can_manage_template)
rules.add_perm("paths.manage_path", can_manage_path)
rules.add_perm("paths.run_path", can_run_path)
rules.add_perm("paths.write_notes", can_write_notes)
rules.add_perm("paths.own_path", is_own_path)
rules.add_perm("paths.read_note", can_read_note)


# --- Visibility -----------------------------------------------------------------------------


def _own_paths(user: Any) -> Any:
    """The paths one is on or coaches (always one's own rows), as a subquery."""
    with scopes_disabled():
        return PersonPath.objects.filter(Q(person=user) | Q(coach=user)).values("template_id")


@visibility(PathTemplate)
def templates_visible(qs: Any, user: Any) -> Any:
    """The templates of the organisations a coordinator reaches, and of the paths one is on
    or coaches."""
    return engine.scoped(
        qs,
        user,
        lambda: engine.ids_q(user, "organisation_id", ORGANISER_ROLES) | Q(pk__in=_own_paths(user)),
    )


@visibility(PathVersion)
def versions_visible(qs: Any, user: Any) -> Any:
    """The versions of the templates one sees."""
    return engine.scoped(
        qs,
        user,
        lambda: Q(template_id__in=PathTemplate.objects.visible_to(user).values("pk")),
    )


@visibility(PersonPath)
def person_paths_visible(qs: Any, user: Any) -> Any:
    """One's own paths and the ones one coaches; the paths of the organisations a
    coordinator or manager oversees, or where one is a coach."""
    return engine.scoped(
        qs,
        user,
        lambda: (
            Q(person=user) | Q(coach=user) | engine.ids_q(user, "organisation_id", FOLLOWER_ROLES)
        ),
    )


@visibility(NotePolicy)
def policies_visible(qs: Any, user: Any) -> Any:
    """The note policies of the organisations a coordinator reaches."""
    return engine.scoped(qs, user, lambda: engine.ids_q(user, "organisation_id", ORGANISER_ROLES))


# --- The coach (part C) ---------------------------------------------------------------------


@rules.predicate
def can_edit_note(user: Any, note: SupervisionNote | None) -> bool:
    """Correct a supervision note: its author, while they coach the path and it runs."""
    if note is None or not _signed_in(user):
        return False
    return note.author_id == user.pk and bool(can_write_notes(user, note.path))


rules.add_perm("paths.edit_note", can_edit_note)
