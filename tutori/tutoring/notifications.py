"""Who is told what about a tutoring booking: one function per event.

Every function mails through ``core.notify``: in the recipient's language, with a link to
the page where they act (the booker's "Omat varaukset", the tutor's decision page or
"Omat ajat") and, for a time the person has or loses, an ``.ics`` attachment (a cancelled
time as METHOD:CANCEL, with the same UID as the person's calendar feed). Call them inside
the write's transaction: a rolled-back write tells nobody.

The events of the booking hot path (a booking made, cancelled, a waiting person promoted)
are built in the task worker (``core.notify.notify_later``; ``EVENTS``, declared in
``apps.py``): the request writes one task row with the booking's id and the facts of the
moment, and the worker renders the mails after the commit.

Kinds (``KINDS``, declared in ``apps.py``): refusals, cancellations and requests that wait
for the person's answer (a booking to approve, another time proposed, a refused proposal)
are essential and always sent; confirmations, news of a new booking, an accepted proposal
and reminders can be switched off on the person's profile.

For the rest of tutoring (a tutor cancelling times):

- ``slot_cancelled(slot, bookings, *, by, reason)``: one time was cancelled; ``bookings``
  are the bookings it cancelled (each booker is told, and the tutor when someone else, a
  coordinator, cancelled their time).
- ``slots_cancelled(slots_with_bookings, *, by, reason)``: several times at once (the rest
  of a weekly series), ``slots_with_bookings: list[tuple[Slot, list[Booking]]]``. Each
  booker gets ONE mail listing their cancelled times (one .ics each); the tutor one mail
  when someone else cancelled.

Cancel the bookings first with ``services.booking.booking_cancel(..., tell=False)`` (so
they do not get a second mail each), then call one of these in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from tutori.accounts.models import User
from tutori.core.notify import IcsEvent, notify, notify_later
from tutori.core.registry import NotificationEvent, NotificationKind
from tutori.tutoring.models import Booking, Slot

# --- Kinds ----------------------------------------------------------------------------------

# The booker's
BOOKER_RECEIPT = "tutoring.booker_receipt"
BOOKER_CONFIRMED = "tutoring.booker_confirmed"
BOOKER_DECLINED = "tutoring.booker_declined"
BOOKER_CANCELLED = "tutoring.booker_cancelled"
BOOKER_PROPOSAL = "tutoring.booker_proposal"
# The tutor's
TUTOR_BOOKED = "tutoring.tutor_booked"
TUTOR_APPROVAL = "tutoring.tutor_approval"
TUTOR_CANCELLED = "tutoring.tutor_cancelled"
TUTOR_PROPOSAL_ACCEPTED = "tutoring.tutor_proposal_accepted"
TUTOR_PROPOSAL_DECLINED = "tutoring.tutor_proposal_declined"
# Both
REMINDER = "tutoring.reminder"

KINDS = (
    NotificationKind(BOOKER_RECEIPT, gettext_lazy("Vahvistus tekemästäni varauksesta"), order=100),
    NotificationKind(
        BOOKER_CONFIRMED,
        gettext_lazy("Tutor hyväksyi varaukseni tai pääsin jonosta"),
        order=101,
    ),
    NotificationKind(
        BOOKER_DECLINED, gettext_lazy("Varaukseni hylättiin"), essential=True, order=102
    ),
    NotificationKind(
        BOOKER_CANCELLED,
        gettext_lazy("Varaukseni tai tutorin aika peruttiin"),
        essential=True,
        order=103,
    ),
    NotificationKind(
        BOOKER_PROPOSAL,
        gettext_lazy("Tutor ehdottaa varaukselleni toista aikaa"),
        essential=True,
        order=104,
    ),
    NotificationKind(TUTOR_BOOKED, gettext_lazy("Uusi varaus tai jonottaja aikaani"), order=110),
    NotificationKind(
        TUTOR_APPROVAL,
        gettext_lazy("Varaus odottaa hyväksyntääni"),
        essential=True,
        order=111,
    ),
    NotificationKind(
        TUTOR_CANCELLED,
        gettext_lazy("Varaus aikaani tai aikani peruttiin"),
        essential=True,
        order=112,
    ),
    NotificationKind(
        TUTOR_PROPOSAL_ACCEPTED, gettext_lazy("Varaaja hyväksyi ehdottamani ajan"), order=113
    ),
    NotificationKind(
        TUTOR_PROPOSAL_DECLINED,
        gettext_lazy("Varaaja ei hyväksynyt ehdottamaani aikaa"),
        essential=True,
        order=114,
    ),
    NotificationKind(REMINDER, gettext_lazy("Muistutus tulevasta tutoroinnista"), order=120),
)


# --- Events built in the worker ---------------------------------------------------------------

MADE = "tutoring.booking_made"
PROMOTED = "tutoring.booking_promoted"
CANCELLED = "tutoring.booking_cancelled"


def _booking(pk: int) -> Booking | None:
    """A booking as the worker reads it for its mails (None if it is gone: an erased person)."""
    return (  # type: ignore[no-any-return]
        Booking.objects.select_related(
            "slot__tutor", "slot__organisation", "person", "topic", "proposed_slot"
        )
        .filter(pk=pk)
        .first()
    )


# --- Shared pieces ---------------------------------------------------------------------------


def _when(slot: Slot) -> str:
    """A time for a subject line, in the active language and Helsinki time."""
    return formats.date_format(timezone.localtime(slot.starts_at), "D j.n. H:i")


def _subject(text: str, slot: Slot) -> Callable[[], str]:
    """A subject ``text`` (a Finnish msgid with ``%(when)s``, marked with ``gettext_noop`` for the
    catalogue) rendered in the recipient's language when ``notify`` calls it."""
    return lambda: _(text) % {"when": _when(slot)}


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "tutori"


def _minutes_since(moment: Any) -> int:
    """A SEQUENCE that grows with every later mail about the same event."""
    if moment is None:
        return 0
    return max(int((timezone.now() - moment).total_seconds() // 60), 0)


def _location(slot: Slot) -> str:
    place = str(slot.get_place_display())
    return f"{place}: {slot.location}" if slot.location else place


def _booking_ics(booking: Booking, *, cancelled: bool = False) -> Callable[[], IcsEvent]:
    """The booker's calendar entry of ``booking`` (the UID their calendar feed uses)."""

    def make() -> IcsEvent:
        slot = booking.slot
        summary = _("Tutorointi: %(tutor)s") % {"tutor": slot.tutor.display_name}
        if booking.topic:
            summary += f" – {booking.topic}"
        contact = [slot.tutor.display_name, slot.tutor.email or "", slot.tutor.phone]
        return IcsEvent(
            uid=f"booking-{booking.pk}@{_host()}",
            summary=summary,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            location=_location(slot),
            description=_("Tutor: %(contact)s")
            % {"contact": ", ".join(part for part in contact if part)},
            cancelled=cancelled,
            sequence=_minutes_since(booking.created_at),
        )

    return make


def _slot_ics(slot: Slot, *, cancelled: bool = False) -> Callable[[], IcsEvent]:
    """The tutor's calendar entry of their ``slot`` (the UID their calendar feed uses)."""

    def make() -> IcsEvent:
        return IcsEvent(
            uid=f"slot-{slot.pk}@{_host()}",
            summary=_("Tutoraika (%(booked)s/%(capacity)s varattu)")
            % {"booked": slot.booked, "capacity": slot.capacity},
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            location=_location(slot),
            cancelled=cancelled,
            sequence=_minutes_since(slot.created_at),
        )

    return make


def _my_bookings() -> str:
    return reverse("tutoring:my_bookings")


def _own_times() -> str:
    return reverse("tutoring:availability")


def _context(booking: Booking, **extra: Any) -> dict[str, Any]:
    return {"booking": booking, "slot": booking.slot, "tutor": booking.slot.tutor, **extra}


# --- The booker's side -----------------------------------------------------------------------


def booking_made(booking: Booking) -> None:
    """A booking was made: the booker gets a receipt (confirmed, waiting for approval or in
    the waiting list), the tutor news of it (or a request to approve it). Built in the
    worker, with the status the booking got."""
    notify_later(MADE, booking=booking.pk, status=str(booking.status))


def _build_booking_made(*, booking: int, status: str) -> None:
    found = _booking(booking)
    if found is None:
        return
    found.status = status
    _booking_made(found)


def _booking_made(booking: Booking) -> None:
    slot = booking.slot
    confirmed = booking.status == Booking.Status.CONFIRMED
    subject = {
        Booking.Status.CONFIRMED: gettext_noop("Varaus vahvistettu: %(when)s"),
        Booking.Status.PENDING: gettext_noop("Varaus odottaa tutorin hyväksyntää: %(when)s"),
        Booking.Status.WAITING: gettext_noop("Olet jonossa: %(when)s"),
    }[Booking.Status(booking.status)]
    notify(
        booking.person,
        kind=BOOKER_RECEIPT,
        subject=_subject(subject, slot),
        template="tutoring/email/booking.txt",
        context=_context(booking),
        action_path=_my_bookings(),
        ics=_booking_ics(booking) if confirmed else None,
    )
    _tell_tutor_of(booking)


def _tell_tutor_of(booking: Booking) -> None:
    slot = booking.slot
    if booking.status == Booking.Status.PENDING:
        notify(
            slot.tutor,
            kind=TUTOR_APPROVAL,
            subject=_subject(gettext_noop("Varaus odottaa hyväksyntääsi: %(when)s"), slot),
            template="tutoring/email/tutor_booked.txt",
            context=_context(booking),
            action_path=reverse("tutoring:booking_decide", args=[booking.pk]),
        )
        return
    subject = (
        gettext_noop("Uusi varaus: %(when)s")
        if booking.status == Booking.Status.CONFIRMED
        else gettext_noop("Uusi jonottaja: %(when)s")
    )
    notify(
        slot.tutor,
        kind=TUTOR_BOOKED,
        subject=_subject(subject, slot),
        template="tutoring/email/tutor_booked.txt",
        context=_context(booking),
        action_path=_own_times(),
        ics=_slot_ics(slot),
    )


def booking_approved(booking: Booking) -> None:
    """The tutor (or an overseer) approved a booking that waited for approval."""
    notify(
        booking.person,
        kind=BOOKER_CONFIRMED,
        subject=_subject(gettext_noop("Tutor hyväksyi varauksesi: %(when)s"), booking.slot),
        template="tutoring/email/booking.txt",
        context=_context(booking, approved=True),
        action_path=_my_bookings(),
        ics=_booking_ics(booking),
    )


def booking_promoted(booking: Booking) -> None:
    """A seat freed up and went to the first person in the waiting list (built in the
    worker)."""
    notify_later(PROMOTED, booking=booking.pk)


def _build_booking_promoted(*, booking: int) -> None:
    found = _booking(booking)
    if found is not None:
        _booking_promoted(found)


def _booking_promoted(booking: Booking) -> None:
    notify(
        booking.person,
        kind=BOOKER_CONFIRMED,
        subject=_subject(
            gettext_noop("Pääsit jonosta, varaus vahvistettu: %(when)s"), booking.slot
        ),
        template="tutoring/email/promoted.txt",
        context=_context(booking),
        action_path=_my_bookings(),
        ics=_booking_ics(booking),
    )


def booking_declined(booking: Booking) -> None:
    """The tutor (or an overseer) refused a booking: hylätty, with the reason."""
    notify(
        booking.person,
        kind=BOOKER_DECLINED,
        subject=_subject(gettext_noop("Varauksesi hylättiin: %(when)s"), booking.slot),
        template="tutoring/email/declined.txt",
        context=_context(booking),
        action_path=reverse("tutoring:catalogue"),
        ics=_booking_ics(booking, cancelled=True),
    )


def booking_cancelled(booking: Booking, *, by: User, was_waiting: bool = False) -> None:
    """A booking was cancelled (or, ``was_waiting``, a place in the waiting list given up):
    the booker is told when someone else cancelled it, the tutor when someone other than
    they did (built in the worker)."""
    if by.pk == booking.person_id and by.pk == booking.slot.tutor_id:
        return  # nobody to tell
    notify_later(CANCELLED, booking=booking.pk, by=by.pk, was_waiting=was_waiting)


def _build_booking_cancelled(*, booking: int, by: int, was_waiting: bool) -> None:
    found = _booking(booking)
    who = User.objects.filter(pk=by).first()
    if found is not None and who is not None:
        _booking_cancelled(found, by=who, was_waiting=was_waiting)


def _booking_cancelled(booking: Booking, *, by: User, was_waiting: bool) -> None:
    slot = booking.slot
    if by.pk != booking.person_id:
        notify(
            booking.person,
            kind=BOOKER_CANCELLED,
            subject=_subject(gettext_noop("Varauksesi peruttiin: %(when)s"), slot),
            template="tutoring/email/cancelled.txt",
            context=_context(booking, by=by),
            action_path=_my_bookings(),
            ics=_booking_ics(booking, cancelled=True),
        )
    if by.pk != slot.tutor_id:
        notify(
            slot.tutor,
            kind=TUTOR_CANCELLED,
            subject=_subject(gettext_noop("Varaus peruttiin: %(when)s"), slot),
            template="tutoring/email/tutor_cancelled.txt",
            context=_context(booking, by=by, was_waiting=was_waiting),
            action_path=_own_times(),
            ics=_slot_ics(slot),
        )


def booking_proposed(booking: Booking) -> None:
    """The tutor proposed another time for the booking; the booker accepts or declines it."""
    proposed = booking.proposed_slot
    assert proposed is not None
    notify(
        booking.person,
        kind=BOOKER_PROPOSAL,
        subject=_subject(gettext_noop("Tutor ehdottaa uutta aikaa: %(when)s"), proposed),
        template="tutoring/email/proposed.txt",
        context=_context(booking, proposed=proposed),
        action_path=_my_bookings(),
    )


def proposal_accepted(old: Booking, new: Booking) -> None:
    """The booker moved to the proposed time (confirmed at once: the tutor proposed it): the
    tutor is told, the booker gets the confirmation of the new booking (with its .ics)."""
    slot = new.slot
    notify(
        slot.tutor,
        kind=TUTOR_PROPOSAL_ACCEPTED,
        subject=_subject(gettext_noop("Ehdottamasi aika hyväksyttiin: %(when)s"), slot),
        template="tutoring/email/tutor_proposal.txt",
        context=_context(new, accepted=True, old_slot=old.slot, proposed=slot),
        action_path=_own_times(),
        ics=_slot_ics(slot),
    )
    notify(
        new.person,
        kind=BOOKER_RECEIPT,
        subject=_subject(gettext_noop("Varaus vahvistettu: %(when)s"), slot),
        template="tutoring/email/booking.txt",
        context=_context(new, moved_from=old.slot),
        action_path=_my_bookings(),
        ics=_booking_ics(new),
    )


def proposal_declined(booking: Booking, proposed: Slot) -> None:
    """The booker declined the proposed time; their booking stays as it was."""
    notify(
        booking.slot.tutor,
        kind=TUTOR_PROPOSAL_DECLINED,
        subject=_subject(
            gettext_noop("Varaaja ei hyväksynyt ehdottamaasi aikaa: %(when)s"), proposed
        ),
        template="tutoring/email/tutor_proposal.txt",
        context=_context(booking, accepted=False, proposed=proposed),
        action_path=reverse("tutoring:booking_decide", args=[booking.pk]),
    )


# --- A tutor's times cancelled ----------------------------------------------------------------


def slot_cancelled(slot: Slot, bookings: Iterable[Booking], *, by: User, reason: str) -> None:
    """One time was cancelled; ``bookings`` are the bookings it cancelled."""
    slots_cancelled([(slot, list(bookings))], by=by, reason=reason)


def slots_cancelled(
    slots_with_bookings: list[tuple[Slot, list[Booking]]], *, by: User, reason: str
) -> None:
    """Times were cancelled (one, or the rest of a series): each booker gets one mail with
    their cancelled times, the tutor one when someone else cancelled their times."""
    per_person: dict[int, list[Booking]] = {}
    for _slot, bookings in slots_with_bookings:
        for booking in bookings:
            per_person.setdefault(booking.person_id, []).append(booking)
    for bookings in per_person.values():
        bookings.sort(key=lambda b: b.slot.starts_at)
        first = bookings[0]
        count = len(bookings)
        notify(
            first.person,
            kind=BOOKER_CANCELLED,
            subject=_cancelled_times_subject([b.slot for b in bookings], tutor_side=False),
            template="tutoring/email/slot_cancelled.txt",
            context={
                "bookings": bookings,
                "tutor": first.slot.tutor,
                "reason": reason,
                "by": by,
                "count": count,
            },
            action_path=reverse("tutoring:catalogue"),
            ics=_all([_booking_ics(b, cancelled=True) for b in bookings]),
        )
    per_tutor: dict[int, list[Slot]] = {}
    for slot, _bookings in slots_with_bookings:
        if slot.tutor_id != by.pk:
            per_tutor.setdefault(slot.tutor_id, []).append(slot)
    for slots in per_tutor.values():
        slots.sort(key=lambda s: s.starts_at)
        notify(
            slots[0].tutor,
            kind=TUTOR_CANCELLED,
            subject=_cancelled_times_subject(slots, tutor_side=True),
            template="tutoring/email/tutor_slot_cancelled.txt",
            context={"slots": slots, "reason": reason, "by": by, "count": len(slots)},
            action_path=_own_times(),
            ics=_all([_slot_ics(s, cancelled=True) for s in slots]),
        )


def _cancelled_times_subject(slots: list[Slot], *, tutor_side: bool) -> Callable[[], str]:
    def make() -> str:
        if len(slots) == 1:
            if tutor_side:
                return _("Aikasi peruttiin: %(when)s") % {"when": _when(slots[0])}
            return _("Tutor perui ajan: %(when)s") % {"when": _when(slots[0])}
        if tutor_side:
            text = ngettext("%(count)d aikasi peruttiin", "%(count)d aikaasi peruttiin", len(slots))
        else:
            text = ngettext("Tutor perui %(count)d ajan", "Tutor perui %(count)d aikaa", len(slots))
        return text % {"count": len(slots)}

    return make


def _all(makers: list[Callable[[], IcsEvent]]) -> Callable[[], list[IcsEvent]]:
    return lambda: [make() for make in makers]


# --- Reminders --------------------------------------------------------------------------------


def booking_reminder(booking: Booking) -> None:
    """The day before (the organisation's rule): the booker's reminder."""
    notify(
        booking.person,
        kind=REMINDER,
        subject=_subject(gettext_noop("Muistutus: tutorointi %(when)s"), booking.slot),
        template="tutoring/email/reminder.txt",
        context=_context(booking),
        action_path=_my_bookings(),
        ics=_booking_ics(booking),
    )


def slot_reminder(slot: Slot, bookings: list[Booking]) -> None:
    """The tutor's reminder of their booked time, with who comes."""
    notify(
        slot.tutor,
        kind=REMINDER,
        subject=_subject(gettext_noop("Muistutus: tutoraikasi %(when)s"), slot),
        template="tutoring/email/tutor_reminder.txt",
        context={"slot": slot, "tutor": slot.tutor, "bookings": bookings},
        action_path=_own_times(),
        ics=_slot_ics(slot),
    )


EVENTS = (
    NotificationEvent(MADE, _build_booking_made),
    NotificationEvent(PROMOTED, _build_booking_promoted),
    NotificationEvent(CANCELLED, _build_booking_cancelled),
)
