"""Who may do what with training programmes: role sets, object rules (``programmes.*``
permissions) and the visibility of every programme model, on the scope engine.

- Coordinators of the organiser (or above it) plan a programme, decide on applications,
  enrol people, confirm completions.
- The programme's trainers mark attendance, review assignments and see its participants.
- A published programme is seen (and applied to) by people of the organiser and of the
  organisations below it, and of the organisations of its network.
- A participant sees their own application, attendance, assignments and case notes — never
  another participant's.
- A manager of a participant's organisation follows their own people's progress.
- Steering group members see the programme and its numbers (not personal notes).
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from tutori.access import engine
from tutori.core.scoping import scopes_disabled, visibility
from tutori.orgs.models import Organisation, Role
from tutori.programmes.models import Participant, Programme, Session

ORGANISER_ROLES = frozenset({Role.COORDINATOR})
FOLLOWER_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})


def _has(user: Any, organisation: Organisation | None, roles: frozenset[str]) -> bool:
    return organisation is not None and bool(engine.reach(user).roles_in(organisation) & roles)


@rules.predicate
def organises_anywhere(user: Any) -> bool:
    return engine.reach(user).holds(ORGANISER_ROLES)


@rules.predicate
def can_organise_in(user: Any, organisation: Organisation | None) -> bool:
    return _has(user, organisation, ORGANISER_ROLES) and bool(
        organisation and organisation.is_active
    )


@rules.predicate
def can_manage_programme(user: Any, programme: Programme | None) -> bool:
    """Plan, publish, copy, decide on applications, enrol, confirm completions: a
    coordinator of the organiser (or of an organisation above it)."""
    return programme is not None and can_organise_in(user, programme.organisation)


def _is_trainer(user: Any, programme: Programme) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(programme, "_trainer_ids", None)
    if cached is None:
        prefetched = getattr(programme, "_prefetched_objects_cache", {}).get("trainers")
        if prefetched is not None:  # the page already read them (programme_get)
            cached = {trainer.pk for trainer in prefetched}
        else:
            cached = set(programme.trainers.values_list("pk", flat=True))
        programme._trainer_ids = cached  # type: ignore[attr-defined]
    return user.pk in cached


@rules.predicate
def can_train(user: Any, programme: Programme | None) -> bool:
    """Mark attendance, review assignments, read case notes: the programme's trainers (and
    the coordinators who manage it)."""
    if programme is None:
        return False
    return _is_trainer(user, programme) or bool(can_manage_programme(user, programme))


rules.add_perm("programmes.organise_any", organises_anywhere)
rules.add_perm("programmes.organise_in", can_organise_in)
rules.add_perm("programmes.manage", can_manage_programme)
rules.add_perm("programmes.train", can_train)


# --- Visibility -----------------------------------------------------------------------------


def _people_of(user: Any) -> Q:
    """Programmes the person takes part in, trains or steers (as a condition on Programme)."""
    return (
        Q(pk__in=Programme.trainers.through.objects.filter(user=user).values("programme_id"))
        | Q(
            pk__in=Programme.steering_group.through.objects.filter(user=user).values("programme_id")
        )
        | Q(pk__in=_own_participations(user))
    )


def _own_participations(user: Any) -> Any:
    """The programmes of one's own participations, as a subquery. The participants' rule
    always shows a signed-in person their own rows (its first clause), and a rule is only
    built for one (``engine.scoped``), so the rows are chosen by person alone: the same rows
    as ``Participant.objects.visible_to(user).filter(person=user)`` without building that
    rule inside this one."""
    with scopes_disabled():
        return Participant.objects.filter(person=user).values("programme_id")


@visibility(Programme)
def programmes_visible(qs: Any, user: Any) -> Any:
    """Every programme (drafts too) of the organisations a coordinator reaches; published and
    finished programmes of the organisations one belongs to, of those above them and of those
    sharing a network with them (or naming one of their networks); the programmes one takes
    part in, trains or steers."""

    def rule() -> Q:
        r = engine.reach(user)
        shown = ~Q(status=Programme.Status.DRAFT)
        own_and_above = set(r.ids()) | r.upward_ids()
        networks = Organisation.networks.through.objects.filter(
            organisation_id__in=r.upward_ids() | set(r.ids())
        ).values("network_id")
        return (
            engine.ids_q(user, "organisation_id", ORGANISER_ROLES)
            | (
                shown
                & (
                    Q(organisation_id__in=own_and_above)
                    | Q(organisation_id__in=engine.network_peer_ids(user))
                    | Q(network_id__in=networks)
                )
            )
            | _people_of(user)
        )

    return engine.scoped(qs, user, rule)


@visibility(Participant)
def participants_visible(qs: Any, user: Any) -> Any:
    """One's own participation; all participants of the programmes a coordinator manages or
    a trainer trains; the participants of the organisations a manager (or coordinator)
    oversees (their own people's progress)."""

    def rule() -> Q:
        trained = Programme.trainers.through.objects.filter(user=user).values("programme_id")
        return (
            Q(person=user)
            | engine.ids_q(user, "programme__organisation_id", ORGANISER_ROLES)
            | Q(programme_id__in=trained)
            | engine.ids_q(user, "organisation_id", FOLLOWER_ROLES)
        )

    return engine.scoped(qs, user, rule)


@visibility(Session)
def sessions_visible(qs: Any, user: Any) -> Any:
    """The sessions of the programmes one sees."""
    return engine.scoped(
        qs,
        user,
        lambda: Q(programme_id__in=Programme.objects.visible_to(user).values("pk")),
    )


# --- Applications (part B) --------------------------------------------------------------------


@rules.predicate
def can_cancel_participation(user: Any, participant: Participant | None) -> bool:
    """Withdraw an application or cancel an enrolment: the person themselves (the service
    refuses an enrolment after the start) or a coordinator who manages the programme."""
    if participant is None or not getattr(user, "is_authenticated", False):
        return False
    return participant.person_id == user.pk or bool(
        can_manage_programme(user, participant.programme)
    )


rules.add_perm("programmes.cancel_participation", can_cancel_participation)


# --- Plan (part A) ----------------------------------------------------------------------------


def _in_steering_group(user: Any, programme: Programme) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(programme, "_steering_ids", None)
    if cached is None:
        prefetched = getattr(programme, "_prefetched_objects_cache", {}).get("steering_group")
        if prefetched is not None:  # the page already read them (programme_get)
            cached = {person.pk for person in prefetched}
        else:
            cached = set(programme.steering_group.values_list("pk", flat=True))
        programme._steering_ids = cached  # type: ignore[attr-defined]
    return user.pk in cached


@rules.predicate
def can_read_materials(user: Any, programme: Programme | None) -> bool:
    """Download the programme's materials: its coordinators, trainers, steering group and
    its enrolled (or completed) participants."""
    if programme is None or not getattr(user, "is_authenticated", False):
        return False
    if can_train(user, programme) or _in_steering_group(user, programme):
        return True
    # One's own participation (always in the participants' rule), as the page read it.
    from tutori.programmes.selectors.programmes import own_participation

    mine = own_participation(user=user, programme=programme)
    return mine is not None and mine.status in Participant.HOLDING


rules.add_perm("programmes.read_materials", can_read_materials)


# --- Participation (part C) -------------------------------------------------------------------


@rules.predicate
def can_read_participant_work(user: Any, participant: Participant | None) -> bool:
    """Goals, the followed case, case notes and returned assignments: the participant
    themselves and the programme's trainers (and its coordinators) — never another
    participant, a manager or the steering group."""
    if participant is None or not getattr(user, "is_authenticated", False):
        return False
    return participant.person_id == user.pk or bool(can_train(user, participant.programme))


@rules.predicate
def can_work_as_participant(user: Any, participant: Participant | None) -> bool:
    """Record goals and the followed case, write case notes, return assignments: the
    participant themselves while enrolled (a completed participant's work is closed)."""
    if participant is None or not getattr(user, "is_authenticated", False):
        return False
    return participant.person_id == user.pk and participant.status == Participant.Status.ENROLLED


rules.add_perm("programmes.read_participant_work", can_read_participant_work)
rules.add_perm("programmes.work_as_participant", can_work_as_participant)


# --- Review fixes -------------------------------------------------------------------------------


@rules.predicate
def can_record_goals(user: Any, participant: Participant | None) -> bool:
    """Record an enrolled participant's personal goals (the talk with each participant):
    the programme's coordinators and trainers. The participant writes their own through
    ``can_work_as_participant``."""
    if participant is None or participant.status != Participant.Status.ENROLLED:
        return False
    return bool(can_train(user, participant.programme))


rules.add_perm("programmes.record_goals", can_record_goals)


# --- Completion (part D) ----------------------------------------------------------------------


@rules.predicate
def can_leave(user: Any, participant: Participant | None) -> bool:
    """Record leaving the programme with a reason: the participant themselves, or a
    coordinator who manages the programme."""
    if participant is None or not getattr(user, "is_authenticated", False):
        return False
    return participant.person_id == user.pk or bool(
        can_manage_programme(user, participant.programme)
    )


@rules.predicate
def can_read_certificate(user: Any, participant: Participant | None) -> bool:
    """Download a completion certificate: the person it names and the programme's
    coordinators (the service refuses one not completed)."""
    return can_leave(user, participant)


@rules.predicate
def follows_people(user: Any) -> bool:
    """The page of one's own people's progress across programmes: managers and coordinators."""
    return engine.reach(user).holds(FOLLOWER_ROLES)


rules.add_perm("programmes.leave", can_leave)
rules.add_perm("programmes.read_certificate", can_read_certificate)
rules.add_perm("programmes.follow_people", follows_people)


# --- Pages about one programme (speed) --------------------------------------------------------


def surely_visible(user: Any, programme: Programme) -> bool:
    """A check in memory that implies ``programmes_visible`` (tests hold the two together),
    for pages about one programme (``Programme.objects.shown``): an admin; a coordinator
    reaching the organiser; anyone, for a programme that is not a draft, of their own
    organisations or those above them. Everyone else (trainers, steering group,
    participants and network partners from elsewhere) goes through the rule's query."""
    r = engine.reach(user)
    if r.is_admin:
        return True
    if not r.is_authenticated:
        return False
    if programme.organisation_id in r.ids(ORGANISER_ROLES):
        return True
    return programme.status != Programme.Status.DRAFT and (
        programme.organisation_id in r.upward_ids() or programme.organisation_id in r.ids()
    )


def surely_visible_session(user: Any, session: Session) -> bool:
    """``surely_visible`` of the session's programme (``Session.objects.shown`` with the
    programme read beside it): implies ``sessions_visible``."""
    return surely_visible(user, session.programme)
