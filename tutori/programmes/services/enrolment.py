"""Applications and enrolment: applying (a person, or their manager on their behalf), the
coordinator's decision (accept, waitlist, decline), direct enrolment, cancelling, and the
waiting list moving up when a place is freed.

Other parts of programmes change a participant's place only through this module.

Capacity is the database's business: a place is claimed by one conditional UPDATE of
``Programme.enrolled`` (``enrolled = enrolled + 1 WHERE capacity IS NULL OR enrolled <
capacity``) whose row count says whether it was won, and the check constraint
``enrolled <= capacity`` backs it. Every write here first locks the programme's row (on
PostgreSQL ``SELECT ... FOR UPDATE``; on SQLite the IMMEDIATE transaction serialises writers),
so decisions, cancellations and promotions of one programme happen one at a time and
always lock in the same order (programme, then participant): racing accepts never
overfill it, racing cancellations promote waiting people one by one in their order.

The person concerned is told by mail (``core.notify``) inside the write's transaction: a
refused or rolled-back write tells nobody.

Public functions:

- ``application_window_open(programme, today)``, ``applications_closed_reason(programme,
  today)``: whether (and why not) a programme takes applications now.
- ``apply(programme=, person=, by=, motivation=, answers=)``
- ``accept(participant=, by=, message=)``, ``waitlist(...)``, ``decline(...)``
- ``enrol(programme=, person=, by=, organisation=None)``: the coordinator's direct enrolment
- ``cancel(participant=, by=, reason=)``: withdraw an application or cancel an enrolment
  (the person before the start, or the coordinator); a freed place goes to the first
  person waiting.
- ``place_released(programme)``: for the other parts, when a participant stops holding a
  place (left the programme): the counter goes down, no one is promoted.
- ``promote_waiting(programme, by=None)``: fill free places from the waiting list (after
  the capacity was raised).
- ``eligible_organisation(person, programme)``: the person's organisation through which
  they may take part (None: none).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tutori.access import engine
from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.notify import notify, notify_all
from tutori.core.registry import NotificationKind
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Membership, Organisation, path_ids
from tutori.programmes import permissions
from tutori.programmes.models import TEXT_MAX, Participant, Programme

# --- Mail kinds (declared in apps.py) -------------------------------------------------------

APPLICATION_RECEIVED = "programmes.application_received"
APPLICATION_DECIDED = "programmes.application_decided"
ENROLMENT_CANCELLED = "programmes.enrolment_cancelled"
APPLICATION_NEW = "programmes.application_new"

KINDS = (
    NotificationKind(
        APPLICATION_RECEIVED, gettext_lazy("Vahvistus koulutukseen hakemisesta"), order=400
    ),
    # A decision (accepted, waitlisted, not chosen, a place from the waiting list, enrolled by
    # the coordinator) changes what the person does next: always sent.
    NotificationKind(
        APPLICATION_DECIDED,
        gettext_lazy("Päätös koulutushakemuksesta tai paikka koulutuksessa"),
        essential=True,
        order=401,
    ),
    NotificationKind(
        ENROLMENT_CANCELLED,
        gettext_lazy("Osallistumiseni koulutukseen peruttiin"),
        essential=True,
        order=402,
    ),
    # The organiser's coordinators: an application waits for their decision.
    NotificationKind(
        APPLICATION_NEW, gettext_lazy("Uusi hakemus järjestämääni koulutukseen"), order=403
    ),
)

# Statuses of an application still waiting for a decision or a place.
PENDING = (Participant.Status.APPLIED, Participant.Status.WAITLISTED)
# Statuses the person may withdraw from (or the coordinator cancel).
CANCELLABLE = (*PENDING, Participant.Status.ENROLLED)
# A finished application that may be made again (the person withdrew earlier).
REAPPLIABLE = (Participant.Status.WITHDRAWN,)
REASON_MAX = 300


class EnrolmentRefused(ApplicationError):
    """A rule of applications or enrolment said no; ``code`` tells which."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message, extra={"code": code})
        self.code = code


# --- Reads ----------------------------------------------------------------------------------


def applications_closed_reason(programme: Programme, today: date | None = None) -> str | None:
    """Why ``programme`` takes no applications on ``today`` (None: it does)."""
    today = today or timezone.localdate()
    if programme.status != Programme.Status.PUBLISHED:
        return _("Koulutukseen ei voi hakea.")
    opens, closes = programme.applications_open_on, programme.applications_close_on
    if opens is None and closes is None:
        return _("Koulutukseen ei haeta: koordinaattori ilmoittaa osallistujat.")
    if opens is not None and today < opens:
        return _("Haku alkaa %(date)s.") % {"date": f"{opens.day}.{opens.month}.{opens.year}"}
    if closes is not None and today > closes:
        return _("Haku on päättynyt.")
    return None


def application_window_open(programme: Programme, today: date | None = None) -> bool:
    return applications_closed_reason(programme, today) is None


def has_started(programme: Programme, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return programme.starts_on is not None and programme.starts_on <= today


@scopes_disabled()
def eligible_organisations(person: Any, programme: Programme) -> list[Organisation]:
    """The person's organisations (active memberships) through which they may take part in
    ``programme``: the organiser and the organisations below it, and the organisations that
    share a network with the organiser or belong (themselves or above) to the programme's
    network. Organisations inside the organiser first."""
    own: dict[int, str] = dict(
        Membership.objects.active()
        .filter(user=person, organisation__is_active=True)
        .values_list("organisation_id", "organisation__path")
    )
    if not own:
        return []
    organiser = programme.organisation
    inside = sorted(oid for oid, path in own.items() if path.startswith(organiser.path))
    outside = {oid: path for oid, path in sorted(own.items()) if oid not in inside}
    reached = list(inside)
    if outside:
        through = Organisation.networks.through.objects
        networks = set(
            through.filter(organisation_id=organiser.pk).values_list("network_id", flat=True)
        )
        if programme.network_id:
            networks.add(programme.network_id)
        upward = {oid: set(path_ids(path)) for oid, path in outside.items()}
        in_networks = set(
            through.filter(
                network_id__in=networks,
                organisation_id__in=set().union(*upward.values()),
            ).values_list("organisation_id", flat=True)
        )
        reached += [oid for oid, ups in upward.items() if ups & in_networks]
    by_id = Organisation.objects.in_bulk(reached)
    return [by_id[oid] for oid in reached if oid in by_id]


def eligible_organisation(person: Any, programme: Programme) -> Organisation | None:
    found = eligible_organisations(person, programme)
    return found[0] if found else None


def may_act_for(by: Any, person: Any, organisation: Organisation) -> bool:
    """Whether ``by`` may apply on ``person``'s behalf through ``organisation``: the person
    themselves, or a manager (or coordinator) of that organisation."""
    return by.pk == person.pk or bool(
        engine.reach(by).roles_in(organisation) & permissions.FOLLOWER_ROLES
    )


# --- Places ---------------------------------------------------------------------------------


@scopes_disabled()
def _claim_place(programme_id: int) -> bool:
    return bool(
        Programme.objects.filter(pk=programme_id)
        .filter(Q(capacity__isnull=True) | Q(enrolled__lt=F("capacity")))
        .update(enrolled=F("enrolled") + 1)
    )


@scopes_disabled()
def _release_place(programme_id: int) -> None:
    Programme.objects.filter(pk=programme_id, enrolled__gt=0).update(enrolled=F("enrolled") - 1)


@scopes_disabled()
def _lock_programme(programme_id: int) -> Programme:
    """The programme read again under its row lock (every enrolment write takes it first)."""
    return (  # type: ignore[no-any-return]
        Programme.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=programme_id)
    )


@scopes_disabled()
def _lock_participant(participant_id: int) -> Participant:
    return (  # type: ignore[no-any-return]
        Participant.objects.select_for_update(of=("self",))
        .select_related("person", "organisation")
        .get(pk=participant_id)
    )


def _full_message(programme: Programme) -> str:
    return _("Koulutus on täynnä (%(capacity)s paikkaa). Voit laittaa hakijan varasijalle.") % {
        "capacity": programme.capacity
    }


def _enrolled_now(participant: Participant, now: datetime) -> None:
    participant.status = Participant.Status.ENROLLED
    participant.enrolled_at = now


@scopes_disabled()
def promote_waiting(programme: Programme, *, by: User | None = None) -> list[Participant]:
    """Give free places to the people waiting, first come first served, each told by mail;
    in the caller's transaction when there is one."""
    promoted: list[Participant] = []
    with transaction.atomic():
        locked = _lock_programme(programme.pk)
        while True:
            first = (
                Participant.objects.select_for_update(of=("self",))
                .select_related("person", "organisation")
                .filter(programme=locked, status=Participant.Status.WAITLISTED)
                .order_by(F("waitlisted_at").asc(nulls_last=True), "pk")
                .first()
            )
            if first is None or not _claim_place(locked.pk):
                break
            now = timezone.now()
            _enrolled_now(first, now)
            first.decided_by = by
            first.decided_at = now
            first.save(
                update_fields=["status", "enrolled_at", "decided_by", "decided_at", "updated_at"]
            )
            first.programme = locked
            _tell_decided(first, promoted=True)
            promoted.append(first)
    return promoted


@scopes_disabled()
def place_released(programme: Programme) -> None:
    """A participant stopped holding a place (left the programme; part D): the counter goes
    down, in the caller's transaction. No one is promoted (the programme has started)."""
    _release_place(programme.pk)


# --- Applying -------------------------------------------------------------------------------


def _clean_answers(programme: Programme, answers: Sequence[str] | None) -> list[str]:
    criteria = list(programme.criteria or [])
    given = [clean_text(a)[:TEXT_MAX] for a in (answers or [])]
    given = (given + [""] * len(criteria))[: len(criteria)]
    if any(not a for a in given):
        raise EnrolmentRefused(_("Vastaa kaikkiin hakukysymyksiin."), code="answers")
    return given


@scopes_disabled()
def apply(
    *,
    programme: Programme,
    person: User,
    by: User,
    motivation: str,
    answers: Sequence[str] | None = None,
    organisation: Organisation | None = None,
    today: date | None = None,
) -> Participant:
    """``person`` applies to ``programme`` (``by``: the person, or their manager on their
    behalf) with a motivation and answers to the programme's criteria, in its application
    window. A withdrawn application may be made again."""
    motivation = clean_text(motivation)[:TEXT_MAX]
    if not motivation:
        raise EnrolmentRefused(_("Kerro, miksi haet koulutukseen."), code="motivation")
    with transaction.atomic():
        programme = _lock_programme(programme.pk)
        reason = applications_closed_reason(programme, today)
        if reason:
            raise EnrolmentRefused(reason, code="closed")
        answers_clean = _clean_answers(programme, answers)
        choices = eligible_organisations(person, programme)
        if organisation is not None:
            choices = [o for o in choices if o.pk == organisation.pk]
        if not choices:
            raise EnrolmentRefused(
                _("Et voi hakea tähän koulutukseen: organisaatiosi ei osallistu siihen.")
                if by.pk == person.pk
                else _(
                    "Henkilö ei kuulu organisaatioon, jonka väki voi osallistua tähän koulutukseen."
                ),
                code="not_eligible",
            )
        if by.pk != person.pk:
            choices = [o for o in choices if may_act_for(by, person, o)]
            if not choices:
                raise PermissionDeniedError(
                    _("Et voi hakea tähän koulutukseen tämän henkilön puolesta.")
                )
        now = timezone.now()
        existing = (
            Participant.objects.select_for_update(of=("self",))
            .filter(programme=programme, person=person)
            .first()
        )
        if existing is not None and existing.status not in REAPPLIABLE:
            raise EnrolmentRefused(_already(existing, by.pk == person.pk), code="duplicate")
        participant = existing or Participant(programme=programme, person=person)
        participant.organisation = choices[0]
        participant.status = Participant.Status.APPLIED
        participant.applied_by = by
        participant.applied_at = now
        participant.motivation = motivation
        participant.criteria_answers = answers_clean
        participant.decided_by = None
        participant.decided_at = None
        participant.decision_message = ""
        participant.waitlisted_at = None
        participant.enrolled_at = None
        try:
            with transaction.atomic():
                participant.save()
        except IntegrityError as exc:  # the same person's second request won the race
            raise EnrolmentRefused(_("Hakemus on jo tehty."), code="duplicate") from exc
        participant.person = person
        participant.programme = programme
        _tell_applied(participant, by=by)
        _tell_organisers(participant)
    return participant


def _already(existing: Participant, own: bool) -> str:
    status = existing.status
    if status in Participant.HOLDING:
        return _("Olet jo koulutuksen osallistuja.") if own else _("Henkilö on jo osallistuja.")
    if status in PENDING:
        return _("Olet jo hakenut tähän koulutukseen.") if own else _("Henkilö on jo hakenut.")
    if status == Participant.Status.DECLINED:
        return _("Hakemus on jo käsitelty.")
    return _("Henkilö on jo ollut koulutuksessa.")


# --- Decisions ------------------------------------------------------------------------------


def _decision_start(participant: Participant, by: User) -> tuple[Programme, Participant]:
    programme = _lock_programme(participant.programme_id)
    if not permissions.can_manage_programme(by, programme):
        raise PermissionDeniedError(_("Et voi käsitellä tämän koulutuksen hakemuksia."))
    locked = _lock_participant(participant.pk)
    locked.programme = programme
    return programme, locked


def _check_open_for_decisions(programme: Programme) -> None:
    if programme.status in (Programme.Status.CANCELLED, Programme.Status.FINISHED):
        raise EnrolmentRefused(
            _("Koulutus on päättynyt tai peruttu, eikä siihen voi enää ottaa osallistujia."),
            code="programme_closed",
        )


def _decided(participant: Participant, by: User, message: str, now: datetime) -> None:
    participant.decided_by = by
    participant.decided_at = now
    participant.decision_message = clean_text(message)[:TEXT_MAX]


_DECISION_FIELDS = [
    "status",
    "decided_by",
    "decided_at",
    "decision_message",
    "waitlisted_at",
    "enrolled_at",
    "updated_at",
]


@scopes_disabled()
def accept(*, participant: Participant, by: User, message: str = "") -> Participant:
    """Accept an application (also from the waiting list): the person is enrolled if a
    place is free, and told."""
    with transaction.atomic():
        programme, participant = _decision_start(participant, by)
        _check_open_for_decisions(programme)
        if participant.status not in PENDING:
            raise EnrolmentRefused(_("Hakemus on jo käsitelty."), code="not_pending")
        if not _claim_place(programme.pk):
            raise EnrolmentRefused(_full_message(programme), code="full")
        programme.enrolled += 1
        now = timezone.now()
        _enrolled_now(participant, now)
        _decided(participant, by, message, now)
        participant.save(update_fields=_DECISION_FIELDS)
        _tell_decided(participant)
    return participant


@scopes_disabled()
def waitlist(*, participant: Participant, by: User, message: str = "") -> Participant:
    """Put an application on the waiting list: the first one waiting gets the next free
    place automatically."""
    with transaction.atomic():
        programme, participant = _decision_start(participant, by)
        _check_open_for_decisions(programme)
        if participant.status != Participant.Status.APPLIED:
            raise EnrolmentRefused(
                _("Vain käsittelemättömän hakemuksen voi laittaa varasijalle."),
                code="not_applied",
            )
        now = timezone.now()
        participant.status = Participant.Status.WAITLISTED
        participant.waitlisted_at = now
        _decided(participant, by, message, now)
        participant.save(update_fields=_DECISION_FIELDS)
        _tell_decided(participant)
    return participant


@scopes_disabled()
def decline(*, participant: Participant, by: User, message: str) -> Participant:
    """Decline an application (also one on the waiting list), with a message to the
    applicant."""
    if not clean_text(message):
        raise EnrolmentRefused(_("Kirjoita hakijalle viesti."), code="message")
    with transaction.atomic():
        _programme, participant = _decision_start(participant, by)
        if participant.status not in PENDING:
            raise EnrolmentRefused(_("Hakemus on jo käsitelty."), code="not_pending")
        now = timezone.now()
        participant.status = Participant.Status.DECLINED
        _decided(participant, by, message, now)
        participant.save(update_fields=_DECISION_FIELDS)
        _tell_decided(participant)
    return participant


@scopes_disabled()
def enrol(
    *,
    programme: Programme,
    person: User,
    by: User,
    organisation: Organisation | None = None,
    message: str = "",
) -> Participant:
    """The coordinator enrols ``person`` directly (without an application); an earlier
    application of theirs is accepted. The person is told."""
    with transaction.atomic():
        programme = _lock_programme(programme.pk)
        if not permissions.can_manage_programme(by, programme):
            raise PermissionDeniedError(_("Et voi ilmoittaa osallistujia tähän koulutukseen."))
        _check_open_for_decisions(programme)
        choices = eligible_organisations(person, programme)
        if organisation is not None:
            choices = [o for o in choices if o.pk == organisation.pk]
        if not choices:
            raise EnrolmentRefused(
                _("Henkilö ei kuulu organisaatioon, jonka väki voi osallistua tähän koulutukseen."),
                code="not_eligible",
            )
        existing = (
            Participant.objects.select_for_update(of=("self",))
            .filter(programme=programme, person=person)
            .first()
        )
        if existing is not None and existing.status in Participant.HOLDING:
            raise EnrolmentRefused(_("Henkilö on jo osallistuja."), code="duplicate")
        if not _claim_place(programme.pk):
            raise EnrolmentRefused(
                _("Koulutus on täynnä (%(capacity)s paikkaa).") % {"capacity": programme.capacity},
                code="full",
            )
        programme.enrolled += 1
        now = timezone.now()
        participant = existing or Participant(
            programme=programme, person=person, organisation=choices[0]
        )
        if existing is not None and existing.status not in PENDING:
            # A new start after a withdrawal or a refusal: the old leaving is not carried.
            participant.left_at = None
            participant.leave_reason = ""
            participant.leave_note = ""
        _enrolled_now(participant, now)
        _decided(participant, by, message, now)
        try:
            with transaction.atomic():
                participant.save()
        except IntegrityError as exc:
            raise EnrolmentRefused(_("Henkilö on jo osallistuja."), code="duplicate") from exc
        participant.programme = programme
        participant.person = person
        _tell_decided(participant, direct=True)
    return participant


# --- Cancelling -----------------------------------------------------------------------------


@scopes_disabled()
def cancel(
    *, participant: Participant, by: User, reason: str = "", today: date | None = None
) -> Participant:
    """Withdraw an application or cancel an enrolment: the person themselves (an enrolment
    only before the programme starts), or the coordinator. A freed place goes to the first
    person waiting, who is told; the person is told when the coordinator cancelled."""
    reason = clean_text(reason)[:REASON_MAX]
    with transaction.atomic():
        programme = _lock_programme(participant.programme_id)
        participant = _lock_participant(participant.pk)
        participant.programme = programme
        own = participant.person_id == by.pk
        manages = bool(permissions.can_manage_programme(by, programme))
        if not own and not manages:
            raise PermissionDeniedError(_("Et voi perua tätä osallistumista."))
        if participant.status not in CANCELLABLE:
            raise EnrolmentRefused(_("Osallistumista ei voi enää perua."), code="not_cancellable")
        holding = participant.status == Participant.Status.ENROLLED
        if holding and own and not manages and has_started(programme, today):
            raise EnrolmentRefused(
                _(
                    "Koulutus on jo alkanut, joten osallistumista ei voi enää perua. Jos et voi "
                    "jatkaa, ilmoita keskeyttämisestä."
                ),
                code="started",
            )
        now = timezone.now()
        participant.status = Participant.Status.WITHDRAWN
        if not own:
            _decided(participant, by, reason, now)
        elif reason:
            participant.decision_message = reason
        participant.save(
            update_fields=["status", "decided_by", "decided_at", "decision_message", "updated_at"]
        )
        if not own:
            _tell_cancelled(participant, by=by, was_enrolled=holding)
        if holding:
            # Under the programme's lock: racing cancellations promote one person each.
            _release_place(programme.pk)
            programme.enrolled = max(programme.enrolled - 1, 0)
            if programme.status == Programme.Status.PUBLISHED:
                promote_waiting(programme, by=None)
    return participant


# --- Mail -----------------------------------------------------------------------------------


def _context(participant: Participant) -> dict[str, Any]:
    return {"participant": participant, "programme": participant.programme}


def _tell_applied(participant: Participant, *, by: User) -> None:
    programme = participant.programme
    notify(
        participant.person,
        kind=APPLICATION_RECEIVED,
        subject=lambda: _("Hakemuksesi on vastaanotettu: %(name)s") % {"name": programme.name},
        template="programmes/email/applied.txt",
        context={**_context(participant), "by": by, "on_behalf": by.pk != participant.person_id},
        action_path=reverse("programmes:my"),
    )


def _tell_organisers(participant: Participant) -> None:
    """The coordinators of the organiser (their own membership there) hear of a new
    application, with a link to decide on it."""
    programme = participant.programme
    coordinators = User.objects.filter(
        pk__in=Membership.objects.active()
        .filter(organisation_id=programme.organisation_id, role__in=permissions.ORGANISER_ROLES)
        .values("user_id"),
        is_active=True,
    ).exclude(pk=participant.person_id)
    notify_all(
        coordinators,
        kind=APPLICATION_NEW,
        subject=lambda: _("Uusi hakemus: %(name)s") % {"name": programme.name},
        template="programmes/email/application_new.txt",
        context=_context(participant),
        action_path=reverse("programmes:application", args=[participant.pk]),
    )


def _tell_decided(
    participant: Participant, *, promoted: bool = False, direct: bool = False
) -> None:
    programme = participant.programme
    status = participant.status

    def subject() -> str:
        name = {"name": programme.name}
        if promoted:
            return _("Sait paikan varasijalta: %(name)s") % name
        if direct:
            return _("Sinut on ilmoitettu koulutukseen: %(name)s") % name
        if status == Participant.Status.ENROLLED:
            return _("Sinut on valittu koulutukseen: %(name)s") % name
        if status == Participant.Status.WAITLISTED:
            return _("Olet varasijalla: %(name)s") % name
        return _("Päätös hakemuksestasi: %(name)s") % name

    notify(
        participant.person,
        kind=APPLICATION_DECIDED,
        subject=subject,
        template="programmes/email/decided.txt",
        context={**_context(participant), "promoted": promoted, "direct": direct},
        action_path=reverse("programmes:my"),
    )


def _tell_cancelled(participant: Participant, *, by: User, was_enrolled: bool) -> None:
    programme = participant.programme
    notify(
        participant.person,
        kind=ENROLMENT_CANCELLED,
        subject=lambda: _("Osallistumisesi on peruttu: %(name)s") % {"name": programme.name},
        template="programmes/email/cancelled.txt",
        context={**_context(participant), "by": by, "was_enrolled": was_enrolled},
        action_path=reverse("programmes:my"),
    )
