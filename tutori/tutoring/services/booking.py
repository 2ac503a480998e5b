"""Booking a slot, the waiting list, approval, cancellation and proposing another time.

Capacity is the database's business: a seat is claimed by one conditional UPDATE
(``booked = booked + 1 WHERE booked < capacity``) whose row count says whether it was won,
and ``CheckConstraint(booked <= capacity)`` backs it. On PostgreSQL the UPDATE waits for a
competing transaction's row lock and re-checks the condition; on SQLite the IMMEDIATE
transaction mode serialises writers. Either way the losers get a clear refusal, never a 500.

Everyone concerned is told by mail (``tutoring.notifications``), inside the write's
transaction: a refused or rolled-back write tells nobody.
"""

from __future__ import annotations

from copy import copy
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tutori.accounts.models import User
from tutori.core.audit import audit_many
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.core.time import at_local, local, week_start
from tutori.tutoring import notifications, permissions
from tutori.tutoring.models import Booking, BookingPolicy, Mode, Slot, Topic
from tutori.tutoring.selectors.policy import closed_reason
from tutori.tutoring.services.policy import policy_for


class BookingRefused(ApplicationError):
    """A booking rule said no; ``code`` tells which (for tests and the API)."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message, extra={"code": code})
        self.code = code


@scopes_disabled()
def _claim_seat(slot_id: int) -> bool:
    return bool(
        Slot.objects.filter(pk=slot_id, status=Slot.Status.OPEN, booked__lt=F("capacity")).update(
            booked=F("booked") + 1
        )
    )


@scopes_disabled()
def _release_seat(slot_id: int) -> None:
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def _week_bounds(moment: datetime) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00, Helsinki time, of the week of ``moment``."""
    start = at_local(week_start(local(moment).date()))
    return start, start + timedelta(days=7)


@scopes_disabled()
def _check_can_book(person: User, slot: Slot, topic: Topic | None, now: datetime) -> None:
    if slot.status != Slot.Status.OPEN:
        raise BookingRefused(_("Aika on peruttu."), code="cancelled")
    if not permissions.can_book_in(person, slot.organisation):
        raise PermissionDeniedError(_("Et voi varata tätä aikaa."))
    if slot.tutor_id == person.pk:
        raise BookingRefused(_("Et voi varata omaa aikaasi."), code="own_slot")
    policy = policy_for(slot.organisation)
    if slot.starts_at - timedelta(hours=policy.booking_deadline_hours) < now:
        raise BookingRefused(
            ngettext(
                "Aika on varattava viimeistään %(hours)d tunti ennen alkua.",
                "Aika on varattava viimeistään %(hours)d tuntia ennen alkua.",
                policy.booking_deadline_hours,
            )
            % {"hours": policy.booking_deadline_hours},
            code="booking_deadline",
        )
    if slot.starts_at > now + timedelta(weeks=policy.booking_window_weeks):
        raise BookingRefused(
            _("Aikoja voi varata enintään %(weeks)d viikkoa eteenpäin.")
            % {"weeks": policy.booking_window_weeks},
            code="booking_window",
        )
    if (
        topic is not None
        and slot.pk
        and slot.topics.exists()
        and not slot.topics.filter(pk=topic.pk).exists()
    ):
        raise BookingRefused(_("Tähän aikaan ei voi varata valittua aihetta."), code="topic")
    # The person's three rules in one read: a booking of this time already, one overlapping
    # it, and how many they hold in its week.
    week_start, week_end = _week_bounds(slot.starts_at)
    holding = Q(status__in=Booking.HOLDING)
    mine = Booking.objects.filter(person=person, status__in=Booking.ACTIVE).aggregate(
        this_time=Count("pk", filter=Q(slot_id=slot.pk)),
        overlapping=Count(
            "pk",
            filter=holding & Q(slot__starts_at__lt=slot.ends_at, slot__ends_at__gt=slot.starts_at),
        ),
        this_week=Count(
            "pk",
            filter=holding & Q(slot__starts_at__gte=week_start, slot__starts_at__lt=week_end),
        ),
    )
    if mine["this_time"]:
        raise BookingRefused(_("Sinulla on jo varaus tähän aikaan."), code="duplicate")
    if mine["overlapping"]:
        raise BookingRefused(
            _("Sinulla on jo varaus, joka menee päällekkäin tämän ajan kanssa."), code="overlap"
        )
    open_this_week = mine["this_week"]
    if open_this_week >= policy.max_open_bookings_per_week:
        raise BookingRefused(
            ngettext(
                "Sinulla voi olla enintään %(limit)d avoin varaus viikossa.",
                "Sinulla voi olla enintään %(limit)d avointa varausta viikossa.",
                policy.max_open_bookings_per_week,
            )
            % {"limit": policy.max_open_bookings_per_week},
            code="weekly_limit",
        )


@scopes_disabled()
def booking_create(
    *,
    person: User,
    slot: Slot,
    topic: Topic | None = None,
    need: str = "",
    join_waiting_list: bool = False,
    now: datetime | None = None,
) -> Booking:
    """Book ``slot`` for ``person``; a full group slot takes them to the waiting list if asked.
    The booker gets a receipt, the tutor news of the booking (or a request to approve it)."""
    with transaction.atomic():
        booking = _book(
            person=person,
            slot=slot,
            topic=topic,
            need=need,
            join_waiting_list=join_waiting_list,
            now=now or timezone.now(),
        )
        notifications.booking_made(booking)
    return booking


def _book(
    *,
    person: User,
    slot: Slot,
    topic: Topic | None,
    need: str,
    join_waiting_list: bool,
    now: datetime,
    approved: bool = False,
) -> Booking:
    """Make the booking in the caller's transaction, telling no one. ``approved``: the tutor
    has already said yes (they proposed this time), so a time that needs approval is
    confirmed at once."""
    need = clean_text(need)[:1000]
    # Serialise one person's bookings on PostgreSQL (overlap and weekly limit are checked
    # by reading); SQLite's IMMEDIATE transactions already serialise every writer, so the
    # lock would only be one more read there.
    if connection.features.has_select_for_update:
        User.objects.select_for_update().filter(pk=person.pk).order_by().first()
    slot = Slot.objects.select_related("organisation", "tutor").get(pk=slot.pk)
    _check_can_book(person, slot, topic, now)
    asks_approval = slot.requires_approval and not approved
    if asks_approval and slot.booked < slot.capacity:
        # Approval claims the seat; a full time's request could never be approved, so a
        # full time that needs approval is refused (and has no waiting list).
        status = Booking.Status.PENDING
    elif not asks_approval and _claim_seat(slot.pk):
        status = Booking.Status.CONFIRMED
        slot.booked += 1
    elif not asks_approval and join_waiting_list and slot.mode == Mode.GROUP:
        status = Booking.Status.WAITING
    else:
        raise BookingRefused(
            _("Aika on jo täynnä. Voit liittyä jonoon.")
            if slot.mode == Mode.GROUP
            else _("Aika on jo varattu."),
            code="full",
        )
    booking = Booking(slot=slot, person=person, topic=topic, need=need, status=status)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:  # the same person's second request won the race
        raise BookingRefused(_("Sinulla on jo varaus tähän aikaan."), code="duplicate") from exc
    return booking


@scopes_disabled()
def _promote_waiting(slot: Slot) -> Booking | None:
    """Give a freed seat to the first person waiting, in the caller's transaction."""
    first = (
        Booking.objects.select_for_update()
        .filter(slot=slot, status=Booking.Status.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if first is None or not _claim_seat(slot.pk):
        return None
    first.status = Booking.Status.CONFIRMED
    first.decided_at = timezone.now()
    first.save(update_fields=["status", "decided_at"])
    notifications.booking_promoted(first)
    return first


def _locked(booking: Booking) -> Booking:
    """``booking`` read again under its row lock, with what the checks and mails need (only
    the booking's row is locked: PostgreSQL locks no row of an outer join, the topic's)."""
    return (  # type: ignore[no-any-return]
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__organisation", "slot__tutor", "person", "topic")
        .get(pk=booking.pk)
    )


@scopes_disabled()
def booking_cancel(
    *, booking: Booking, by: User, reason: str, now: datetime | None = None, tell: bool = True
) -> Booking:
    """Cancel (or leave the waiting list). A freed seat goes to the first person waiting.

    The booker is told when someone else cancelled, the tutor when someone other than they
    did. ``tell=False`` when the caller tells everyone itself (a tutor cancelling times:
    ``notifications.slot_cancelled``)."""
    now = now or timezone.now()
    reason = clean_text(reason)[:300]
    with transaction.atomic():
        booking = _locked(booking)
        own = booking.person_id == by.pk
        if not own and not permissions.can_decide_booking(by, booking):
            raise PermissionDeniedError(_("Et voi perua tätä varausta."))
        if booking.status not in Booking.ACTIVE:
            raise BookingRefused(_("Varaus on jo peruttu."), code="not_active")
        holding = booking.status in Booking.HOLDING
        if holding and not reason:
            raise BookingRefused(_("Kerro peruutuksen syy."), code="reason")
        policy = policy_for(booking.slot.organisation)
        deadline = booking.slot.starts_at - timedelta(hours=policy.cancellation_deadline_hours)
        if own and holding and now > deadline:
            raise BookingRefused(
                ngettext(
                    "Varauksen voi perua viimeistään %(hours)d tunti ennen alkua.",
                    "Varauksen voi perua viimeistään %(hours)d tuntia ennen alkua.",
                    policy.cancellation_deadline_hours,
                )
                % {"hours": policy.cancellation_deadline_hours},
                code="cancellation_deadline",
            )
        was_confirmed = booking.status == Booking.Status.CONFIRMED
        was_waiting = booking.status == Booking.Status.WAITING
        before = copy(booking)
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.cancel_reason = reason
        # An UPDATE and the audit entry written from the row already read under the lock
        # (auditlog's save signal would read the row once more to compare).
        Booking.objects.filter(pk=booking.pk).update(
            status=booking.status, cancelled_at=now, cancel_reason=reason
        )
        audit_many(changes=[(before, booking)], actor=by)
        if was_confirmed:
            # The UPDATE takes the slot's row lock first, so racing cancellations promote
            # waiting people one at a time.
            _release_seat(booking.slot_id)
            booking.slot.booked = max(booking.slot.booked - 1, 0)
            _promote_waiting(booking.slot)
        if tell:
            notifications.booking_cancelled(booking, by=by, was_waiting=was_waiting)
    return booking


@scopes_disabled()
def booking_approve(*, booking: Booking, by: User) -> Booking:
    """Approve a booking that waits for approval; a proposal of another time is withdrawn."""
    with transaction.atomic():
        booking = _locked(booking)
        if not permissions.can_decide_booking(by, booking):
            raise PermissionDeniedError(_("Et voi käsitellä tätä varausta."))
        if booking.status != Booking.Status.PENDING:
            raise BookingRefused(_("Varaus ei odota hyväksyntää."), code="not_pending")
        if not _claim_seat(booking.slot_id):
            raise BookingRefused(_("Aika on jo täynnä."), code="full")
        booking.slot.booked += 1
        booking.status = Booking.Status.CONFIRMED
        booking.decided_at = timezone.now()
        booking.proposed_slot = None
        booking.save(update_fields=["status", "decided_at", "proposed_slot"])
        notifications.booking_approved(booking)
    return booking


@scopes_disabled()
def booking_decline(*, booking: Booking, by: User, reason: str) -> Booking:
    """Refuse a booking (hylätty): the booker is told, with the reason."""
    with transaction.atomic():
        booking = _locked(booking)
        if not permissions.can_decide_booking(by, booking):
            raise PermissionDeniedError(_("Et voi käsitellä tätä varausta."))
        if booking.status not in Booking.ACTIVE:
            raise BookingRefused(_("Varaus on jo peruttu."), code="not_active")
        was_confirmed = booking.status == Booking.Status.CONFIRMED
        booking.status = Booking.Status.DECLINED
        booking.decided_at = timezone.now()
        booking.cancel_reason = clean_text(reason)[:300]
        booking.proposed_slot = None
        booking.save(update_fields=["status", "decided_at", "cancel_reason", "proposed_slot"])
        if was_confirmed:
            _release_seat(booking.slot_id)
            booking.slot.booked = max(booking.slot.booked - 1, 0)
            _promote_waiting(booking.slot)
        notifications.booking_declined(booking)
    return booking


def proposal_refusal(
    booking: Booking, slot: Slot, policy: BookingPolicy, now: datetime
) -> str | None:
    """Why ``slot`` cannot be proposed for ``booking`` (None when it can): a time is proposed
    only when the booker could book it now, the tutor's own other time that is open, not full
    and not past its booking deadline or beyond the booking window (``policy``: the rules
    where ``slot`` is offered). The propose form lists only times this lets through."""
    if (
        slot.tutor_id != booking.slot.tutor_id
        or slot.pk == booking.slot_id
        or slot.status != Slot.Status.OPEN
        or slot.booked >= slot.capacity
        or slot.starts_at <= now
    ):
        return _("Valitse jokin toinen omista vapaista ajoistasi.")
    if closed_reason(slot, policy, now):
        return _("Ehdotettavan ajan on oltava varattavissa nyt.")
    if not permissions.can_book_in(booking.person, slot.organisation):
        return _("Varaaja ei voi varata tätä aikaa.")
    return None


@scopes_disabled()
def booking_propose(
    *, booking: Booking, by: User, slot: Slot, now: datetime | None = None
) -> Booking:
    """The tutor proposes another of their free times; the booker accepts or declines it."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _locked(booking)
        if booking.slot.tutor_id != by.pk:
            raise PermissionDeniedError(_("Vain aikaa tarjoava tutor voi ehdottaa uutta aikaa."))
        if booking.status not in Booking.ACTIVE:
            raise BookingRefused(_("Varaus on jo peruttu."), code="not_active")
        slot = Slot.objects.select_related("organisation").get(pk=slot.pk)
        problem = proposal_refusal(booking, slot, policy_for(slot.organisation), now)
        if problem is None and (
            Booking.objects.filter(
                person=booking.person, slot=slot, status__in=Booking.ACTIVE
            ).exists()
        ):
            problem = _("Varaajalla on jo varaus tähän aikaan.")
        if problem is not None:
            raise BookingRefused(problem, code="slot")
        booking.proposed_slot = slot
        booking.save(update_fields=["proposed_slot"])
        notifications.booking_proposed(booking)
    return booking


def _locked_proposal(booking: Booking, by: User) -> Booking:
    """The booker's booking under its lock, still active and with a proposal standing."""
    booking = _locked(booking)
    if booking.person_id != by.pk:
        raise PermissionDeniedError(_("Ehdotusta ei ole."))
    if booking.status not in Booking.ACTIVE:
        raise BookingRefused(
            _("Varaus on jo peruttu tai hylätty, joten ehdotusta ei voi enää hyväksyä."),
            code="not_active",
        )
    if booking.proposed_slot_id is None:
        raise BookingRefused(_("Tutor on perunut ehdotuksensa."), code="no_proposal")
    return booking


@scopes_disabled()
def booking_accept_proposal(*, booking: Booking, by: User, now: datetime | None = None) -> Booking:
    """Move the booking to the proposed slot: book the new one, then cancel the old one.

    Refused when the booking is no longer active (declined or cancelled meanwhile) or the
    proposal was withdrawn; all or nothing, so a refused new booking keeps the old one."""
    now = now or timezone.now()
    if booking.person_id != by.pk:
        raise PermissionDeniedError(_("Ehdotusta ei ole."))
    with transaction.atomic():
        old = _locked_proposal(booking, by)
        proposed = Slot.objects.get(pk=old.proposed_slot_id)
        # The old booking stops holding time first, so the new one does not count as overlap.
        was_confirmed = old.status == Booking.Status.CONFIRMED
        old.status = Booking.Status.CANCELLED
        old.cancelled_at = now
        old.cancel_reason = _("Siirretty tutorin ehdottamaan aikaan.")
        old.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        if was_confirmed:
            _release_seat(old.slot_id)
            _promote_waiting(old.slot)
        new = _book(
            person=by,
            slot=proposed,
            topic=old.topic,
            need=old.need,
            join_waiting_list=False,
            now=now,
            approved=True,
        )
        notifications.proposal_accepted(old, new)
    return new


@scopes_disabled()
def booking_decline_proposal(*, booking: Booking, by: User) -> Booking:
    """The booker declines the proposed time: the booking stays as it was, the tutor is told."""
    with transaction.atomic():
        booking = _locked_proposal(booking, by)
        proposed = Slot.objects.get(pk=booking.proposed_slot_id)
        booking.proposed_slot = None
        booking.save(update_fields=["proposed_slot"])
        notifications.proposal_declined(booking, proposed)
    return booking
