"""Booking a slot, the waiting list, approval, cancellation and proposing another time.

Capacity is the database's business: a seat is claimed by one conditional UPDATE
(``booked = booked + 1 WHERE booked < capacity``) whose row count says whether it was won,
and ``CheckConstraint(booked <= capacity)`` backs it. On PostgreSQL the UPDATE waits for a
competing transaction's row lock and re-checks the condition; on SQLite the IMMEDIATE
transaction mode serialises writers. Either way the losers get a clear refusal, never a 500.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.mail import mail_send
from tutori.core.scoping import scopes_disabled
from tutori.core.time import HELSINKI, at_local, local, week_start
from tutori.tutoring import permissions
from tutori.tutoring.models import Booking, Mode, Slot, Topic
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
def _notify(booking: Booking, template: str, subject: str) -> None:
    """E-mail the booker, in their language. Inside the booking's transaction the mail is
    queued with it (core.mail), so a rolled-back booking sends nothing."""
    person = booking.person
    if not person.email:
        return
    language = person.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(HELSINKI):
        mail_send(
            to=[person.email],
            subject=str(subject),
            body=render_to_string(template, {"booking": booking, "slot": booking.slot}),
        )


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
    mine = Booking.objects.filter(person=person)
    if mine.filter(slot=slot, status__in=Booking.ACTIVE).exists():
        raise BookingRefused(_("Sinulla on jo varaus tähän aikaan."), code="duplicate")
    if (
        mine.filter(status__in=Booking.HOLDING)
        .filter(slot__starts_at__lt=slot.ends_at, slot__ends_at__gt=slot.starts_at)
        .exists()
    ):
        raise BookingRefused(
            _("Sinulla on jo varaus, joka menee päällekkäin tämän ajan kanssa."), code="overlap"
        )
    week_start, week_end = _week_bounds(slot.starts_at)
    open_this_week = (
        mine.filter(status__in=Booking.HOLDING)
        .filter(slot__starts_at__gte=week_start, slot__starts_at__lt=week_end)
        .count()
    )
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
    """Book ``slot`` for ``person``; a full group slot takes them to the waiting list if asked."""
    now = now or timezone.now()
    need = clean_text(need)[:1000]
    with transaction.atomic():
        # Serialise one person's bookings on PostgreSQL (overlap and weekly limit are checked
        # by reading); SQLite's IMMEDIATE transactions already serialise every writer.
        User.objects.select_for_update().filter(pk=person.pk).first()
        slot = Slot.objects.select_related("organisation").get(pk=slot.pk)
        _check_can_book(person, slot, topic, now)
        if slot.requires_approval:
            status = Booking.Status.PENDING
        elif _claim_seat(slot.pk):
            status = Booking.Status.CONFIRMED
        elif join_waiting_list and slot.mode == Mode.GROUP:
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
        subjects = {
            Booking.Status.CONFIRMED: _("Varaus vahvistettu"),
            Booking.Status.PENDING: _("Varaus odottaa tutorin hyväksyntää"),
            Booking.Status.WAITING: _("Olet jonossa"),
        }
        _notify(booking, "tutoring/email/booking.txt", subjects[Booking.Status(status)])
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
    _notify(first, "tutoring/email/promoted.txt", _("Pääsit jonosta: varaus vahvistettu"))
    return first


@scopes_disabled()
def booking_cancel(
    *, booking: Booking, by: User, reason: str, now: datetime | None = None
) -> Booking:
    """Cancel (or leave the waiting list). A freed seat goes to the first person waiting."""
    now = now or timezone.now()
    reason = clean_text(reason)[:300]
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update()
            .select_related("slot__organisation", "person")
            .get(pk=booking.pk)
        )
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
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.cancel_reason = reason
        booking.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        if was_confirmed:
            # The UPDATE takes the slot's row lock first, so racing cancellations promote
            # waiting people one at a time.
            _release_seat(booking.slot_id)
            _promote_waiting(booking.slot)
        if not own:
            _notify(booking, "tutoring/email/cancelled.txt", _("Varauksesi peruttiin"))
    return booking


@scopes_disabled()
def booking_approve(*, booking: Booking, by: User) -> Booking:
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update()
            .select_related("slot__organisation", "person")
            .get(pk=booking.pk)
        )
        if not permissions.can_decide_booking(by, booking):
            raise PermissionDeniedError(_("Et voi käsitellä tätä varausta."))
        if booking.status != Booking.Status.PENDING:
            raise BookingRefused(_("Varaus ei odota hyväksyntää."), code="not_pending")
        if not _claim_seat(booking.slot_id):
            raise BookingRefused(_("Aika on jo täynnä."), code="full")
        booking.status = Booking.Status.CONFIRMED
        booking.decided_at = timezone.now()
        booking.save(update_fields=["status", "decided_at"])
        _notify(booking, "tutoring/email/booking.txt", _("Varaus vahvistettu"))
    return booking


@scopes_disabled()
def booking_decline(*, booking: Booking, by: User, reason: str) -> Booking:
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update()
            .select_related("slot__organisation", "person")
            .get(pk=booking.pk)
        )
        if not permissions.can_decide_booking(by, booking):
            raise PermissionDeniedError(_("Et voi käsitellä tätä varausta."))
        if booking.status not in Booking.ACTIVE:
            raise BookingRefused(_("Varaus on jo peruttu."), code="not_active")
        was_confirmed = booking.status == Booking.Status.CONFIRMED
        booking.status = Booking.Status.DECLINED
        booking.decided_at = timezone.now()
        booking.cancel_reason = clean_text(reason)[:300]
        booking.save(update_fields=["status", "decided_at", "cancel_reason"])
        if was_confirmed:
            _release_seat(booking.slot_id)
            _promote_waiting(booking.slot)
        _notify(booking, "tutoring/email/cancelled.txt", _("Varauksesi peruttiin"))
    return booking


@scopes_disabled()
def booking_propose(*, booking: Booking, by: User, slot: Slot) -> Booking:
    """The tutor proposes another of their open slots; the booker may accept it."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
        if booking.slot.tutor_id != by.pk:
            raise PermissionDeniedError(_("Vain aikaa tarjoava tutor voi ehdottaa uutta aikaa."))
        if booking.status not in Booking.ACTIVE:
            raise BookingRefused(_("Varaus on jo peruttu."), code="not_active")
        if slot.tutor_id != by.pk or slot.status != Slot.Status.OPEN or slot.pk == booking.slot_id:
            raise BookingRefused(_("Valitse jokin toinen omista avoimista ajoistasi."), code="slot")
        booking.proposed_slot = slot
        booking.save(update_fields=["proposed_slot"])
        _notify(booking, "tutoring/email/proposed.txt", _("Tutor ehdottaa uutta aikaa"))
    return booking


@scopes_disabled()
def booking_accept_proposal(*, booking: Booking, by: User, now: datetime | None = None) -> Booking:
    """Move the booking to the proposed slot: book the new one, then cancel the old one."""
    if booking.person_id != by.pk or booking.proposed_slot_id is None:
        raise PermissionDeniedError(_("Ehdotusta ei ole."))
    with transaction.atomic():
        proposed = Slot.objects.get(pk=booking.proposed_slot_id)
        old = booking
        # The old booking stops holding time first, so the new one does not count as overlap.
        old.status = Booking.Status.CANCELLED
        old.cancelled_at = now or timezone.now()
        old.cancel_reason = _("Siirretty tutorin ehdottamaan aikaan.")
        was_confirmed = Booking.objects.filter(pk=old.pk, status=Booking.Status.CONFIRMED).exists()
        old.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        if was_confirmed:
            _release_seat(old.slot_id)
            _promote_waiting(old.slot)
        return booking_create(person=by, slot=proposed, topic=old.topic, need=old.need, now=now)
