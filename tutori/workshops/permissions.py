"""Who may do what with workshops: role sets, object rules (``workshops.*`` permissions) and
the visibility of the workshop models, on the scope engine.

- Facilitators — coordinators and tutors of the workshop's organisation (or above it, as
  the engine reaches), and the workshop's creator — create, edit, open, move the phases,
  group, close, export and turn themes into follow-up work.
- Participants — whoever joined, with an account or through the code with a display name
  only — see the workshop's questions and ideas (never the authors when anonymous), post
  ideas and vote. A participant without an account has no user: the views find them by the
  key in their session (``selectors.participant_of``), not through these rules.
- Coordinators, managers and tutors of the organisation read closed workshops' results
  (the archive); so do the coordinators and managers of the member organisations of the
  network a workshop names (held there or above them, as in the organisation's own
  archive).
- Another workshop's participant reads nothing of this one.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from tutori.access import engine
from tutori.core.scoping import scopes_disabled, visibility
from tutori.orgs.models import Organisation, Role
from tutori.workshops.models import (
    FollowUp,
    Idea,
    Phase,
    Theme,
    Vote,
    Workshop,
    WorkshopParticipant,
    WorkshopQuestion,
)

FACILITATOR_ROLES = frozenset({Role.COORDINATOR, Role.TUTOR})
# Who reads the closed workshops' results of an organisation (the archive).
ARCHIVE_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER, Role.TUTOR})
# Who reads the closed workshops a network's member organisation shares with the network.
NETWORK_ARCHIVE_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})
_NETWORKS_ATTR = "_tutori_workshop_networks"


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _has(user: Any, organisation: Organisation | None, roles: frozenset[str]) -> bool:
    return organisation is not None and bool(engine.reach(user).roles_in(organisation) & roles)


def archive_network_ids(user: Any) -> list[int]:
    """The networks whose shared workshops ``user`` reads: those of the organisations they
    coordinate or manage (or reach from above). One query, then kept with the person's
    reach for the rest of the request (forgotten with it)."""
    r = engine.reach(user)
    if not r.is_authenticated or r.is_admin:
        return []
    cached = user.__dict__.get(_NETWORKS_ATTR)
    if cached is not None and cached[0] is r:
        return cached[1]  # type: ignore[no-any-return]
    ids = r.ids(NETWORK_ARCHIVE_ROLES)
    found = (
        sorted(
            set(
                Organisation.networks.through.objects.filter(organisation_id__in=ids).values_list(
                    "network_id", flat=True
                )
            )
        )
        if ids
        else []
    )
    user.__dict__[_NETWORKS_ATTR] = (r, found)
    return found


@rules.predicate
def facilitates_anywhere(user: Any) -> bool:
    """The "Työpajat" menu and creating a workshop: a coordinator or tutor somewhere. Asked
    by the menu on every page: no query of its own."""
    return _signed_in(user) and engine.reach(user).holds(FACILITATOR_ROLES)


@rules.predicate
def can_facilitate_in(user: Any, organisation: Organisation | None) -> bool:
    """Create a workshop in ``organisation``: a coordinator or tutor there (or above)."""
    return _has(user, organisation, FACILITATOR_ROLES) and bool(
        organisation and organisation.is_active
    )


@rules.predicate
def can_facilitate(user: Any, workshop: Workshop | None) -> bool:
    """Run a workshop: its creator, or a coordinator or tutor of its organisation."""
    if workshop is None or not _signed_in(user):
        return False
    if workshop.created_by_id == user.pk and user.is_active:
        return True
    return bool(can_facilitate_in(user, workshop.organisation))


def participant_row(user: Any, workshop: Workshop) -> WorkshopParticipant | None:
    """The signed-in person's participant row of ``workshop`` (None if they have not
    joined). A row found is cached on the workshop object for the rest of the request (not
    its absence: the person may join during it)."""
    if not _signed_in(user):
        return None
    cache = workshop.__dict__.setdefault("_participant_of", {})
    if user.pk not in cache:
        with scopes_disabled():
            row = WorkshopParticipant.objects.filter(workshop=workshop, user_id=user.pk).first()
        if row is None:
            return None
        cache[user.pk] = row
    return cache[user.pk]  # type: ignore[no-any-return]


@rules.predicate
def is_participant(user: Any, workshop: Workshop | None) -> bool:
    """Take part (post ideas, vote): someone who joined with their account."""
    return workshop is not None and participant_row(user, workshop) is not None


@rules.predicate
def can_read_archive(user: Any, workshop: Workshop | None) -> bool:
    """Read a closed workshop's results: the coordinators, managers and tutors of its
    organisation (or above it), and the coordinators and managers of the member
    organisations of the network it names."""
    if workshop is None or workshop.status != Workshop.Status.CLOSED:
        return False
    if _has(user, workshop.organisation, ARCHIVE_ROLES):
        return True
    return workshop.network_id is not None and workshop.network_id in archive_network_ids(user)


@rules.predicate
def can_read_results(user: Any, workshop: Workshop | None) -> bool:
    """The results page: the facilitators (also the live tally while the workshop runs),
    the archive's readers, and the participants with an account."""
    return bool(
        can_facilitate(user, workshop)
        or can_read_archive(user, workshop)
        or is_participant(user, workshop)
    )


rules.add_perm("workshops.facilitate_any", facilitates_anywhere)
rules.add_perm("workshops.facilitate_in", can_facilitate_in)
rules.add_perm("workshops.facilitate", can_facilitate)
rules.add_perm("workshops.take_part", is_participant)
rules.add_perm("workshops.read_archive", can_read_archive)
rules.add_perm("workshops.read_results", can_read_results)


# Results, exports and follow-up work (part W3).


@rules.predicate
def reads_archive_anywhere(user: Any) -> bool:
    """The "Työpajojen tulokset" menu entry: a coordinator, manager or tutor somewhere. No
    query of its own (the engine's reach is read once per request)."""
    return _signed_in(user) and engine.reach(user).holds(ARCHIVE_ROLES)


@rules.predicate
def can_export(user: Any, workshop: Workshop | None) -> bool:
    """The projector view and the exports (PDF, DOCX, Markdown): the facilitators and the
    archive's readers."""
    return bool(can_facilitate(user, workshop) or can_read_archive(user, workshop))


@rules.predicate
def can_follow_up(user: Any, theme: Theme | None) -> bool:
    """Follow-up work of a theme: the workshop's facilitators, once the theme's question
    shows its results (a topic or a survey question only where the target app allows it)."""
    if theme is None:
        return False
    return theme.question.phase == Phase.RESULTS and bool(
        can_facilitate(user, theme.question.workshop)
    )


@rules.predicate
def can_mark_done(user: Any, follow_up: FollowUp | None) -> bool:
    """A task is marked done by its owner or by the workshop's facilitators."""
    if follow_up is None or follow_up.kind != FollowUp.Kind.TASK:
        return False
    if follow_up.owner_id is not None and follow_up.owner_id == getattr(user, "pk", None):
        return True
    return bool(can_facilitate(user, follow_up.theme.question.workshop))


rules.add_perm("workshops.read_archive_any", reads_archive_anywhere)
rules.add_perm("workshops.export", can_export)
rules.add_perm("workshops.follow_up", can_follow_up)
rules.add_perm("workshops.mark_done", can_mark_done)


# --- Visibility -----------------------------------------------------------------------------


def _joined(user: Any) -> Any:
    """The workshops one joined with one's account, as a subquery."""
    with scopes_disabled():
        return WorkshopParticipant.objects.filter(user=user).values("workshop_id")


def _workshops_q(user: Any) -> Q:
    q = (
        engine.ids_q(user, "organisation_id", FACILITATOR_ROLES)
        | Q(created_by=user)
        | Q(pk__in=_joined(user))
        | (
            Q(status=Workshop.Status.CLOSED)
            & engine.ids_q(user, "organisation_id", frozenset({Role.MANAGER}))
        )
    )
    networks = archive_network_ids(user)
    if networks:
        q |= Q(status=Workshop.Status.CLOSED) & Q(network_id__in=networks)
    return q


@visibility(Workshop)
def workshops_visible(qs: Any, user: Any) -> Any:
    """The workshops of the organisations one facilitates in, the ones one created or
    joined, the closed ones of the organisations a manager oversees, and the closed ones
    shared with the networks of the organisations one coordinates or manages (the
    archive)."""
    return engine.scoped(qs, user, lambda: _workshops_q(user))


def _visible_workshops(user: Any) -> Any:
    return Workshop.objects.visible_to(user).values("pk")


@visibility(WorkshopQuestion)
def questions_visible(qs: Any, user: Any) -> Any:
    """The questions of the workshops one sees."""
    return engine.scoped(qs, user, lambda: Q(workshop_id__in=_visible_workshops(user)))


@visibility(WorkshopParticipant)
def participants_visible(qs: Any, user: Any) -> Any:
    """One's own participant rows, and the participants of the workshops one sees."""
    return engine.scoped(
        qs, user, lambda: Q(user=user) | Q(workshop_id__in=_visible_workshops(user))
    )


@visibility(Theme)
def themes_visible(qs: Any, user: Any) -> Any:
    """The themes of the workshops one sees."""
    return engine.scoped(qs, user, lambda: Q(question__workshop_id__in=_visible_workshops(user)))


@visibility(Idea)
def ideas_visible(qs: Any, user: Any) -> Any:
    """The ideas of the workshops one sees (whose they are is the selectors' business:
    never shown when the workshop is anonymous)."""
    return engine.scoped(qs, user, lambda: Q(question__workshop_id__in=_visible_workshops(user)))


@visibility(Vote)
def votes_visible(qs: Any, user: Any) -> Any:
    """One's own votes, and the votes of the workshops one facilitates (counted, never
    shown per person)."""
    return engine.scoped(
        qs,
        user,
        lambda: (
            Q(participant__user=user)
            | engine.ids_q(user, "question__workshop__organisation_id", FACILITATOR_ROLES)
            | Q(question__workshop__created_by=user)
        ),
    )


@visibility(FollowUp)
def follow_ups_visible(qs: Any, user: Any) -> Any:
    """One's own tasks, and the follow-up work of the workshops one sees."""
    return engine.scoped(
        qs,
        user,
        lambda: Q(owner=user) | Q(theme__question__workshop_id__in=_visible_workshops(user)),
    )
