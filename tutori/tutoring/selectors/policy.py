"""Reads of booking rules for pages that list times: the rules that apply in many
organisations at once (one query), and why a time cannot be booked now (so a page shows the
reason instead of a "Varaa" button that would only be refused).

The rules are those services.booking checks when a booking is made (booking deadline and
window, the person's overlapping bookings and weekly limit, BookingPolicy);
tests/tutoring/test_dead_ends.py holds the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.core.time import at_local, local, week_start
from tutori.orgs.models import Organisation, path_ids
from tutori.tutoring import permissions
from tutori.tutoring.models import Booking, BookingPolicy, Slot


def policies_for(organisations: Iterable[Organisation]) -> dict[int, BookingPolicy]:
    """The booking rules that apply in each organisation (its own, else the nearest above
    it, else the defaults), by organisation id, in one query however many organisations."""
    chains = {o.pk: path_ids(o.path) for o in organisations}
    ids = {i for chain in chains.values() for i in chain}
    # Rules apply to everyone who books, whoever may see the policy rows themselves.
    with scopes_disabled():
        stored = (
            {p.organisation_id: p for p in BookingPolicy.objects.filter(organisation_id__in=ids)}
            if ids
            else {}
        )
    default = BookingPolicy()
    return {
        org_id: next((stored[i] for i in reversed(chain) if i in stored), default)
        for org_id, chain in chains.items()
    }


def closed_reason(slot: Slot, policy: BookingPolicy, now: datetime) -> str:
    """Why ``slot`` cannot be booked now by the rules of ``policy`` ("" if it can): the
    booking deadline has passed, or the time is further ahead than the booking window."""
    if slot.starts_at - timedelta(hours=policy.booking_deadline_hours) < now:
        return _("Varausaika päättynyt")
    opens = slot.starts_at - timedelta(weeks=policy.booking_window_weeks)
    if opens > now:
        moment = local(opens)
        return _("Varattavissa alkaen %(day)s klo %(time)s") % {
            "day": dateformat.format(moment, "j.n."),
            "time": dateformat.format(moment, "H:i"),
        }
    return ""


def _week_of(moment: datetime) -> datetime:
    """Monday 00:00, Helsinki time, of the week of ``moment`` (as the booking service)."""
    return at_local(week_start(local(moment).date()))


def _holding(user: User, slots: Sequence[Slot]) -> list[tuple[int, datetime, datetime]]:
    """The user's bookings that hold time (slot id, start, end) in the weeks of ``slots``."""
    if not slots:
        return []
    since = _week_of(min(s.starts_at for s in slots))
    until = max(
        max(s.ends_at for s in slots),
        _week_of(max(s.starts_at for s in slots)) + timedelta(days=7),
    )
    return list(
        Booking.objects.visible_to(user)
        .filter(person=user, status__in=Booking.HOLDING)
        .filter(slot__ends_at__gt=since, slot__starts_at__lt=until)
        .values_list("slot_id", "slot__starts_at", "slot__ends_at")
    )


def _own_limits(
    slot: Slot, policy: BookingPolicy, holding: list[tuple[int, datetime, datetime]]
) -> str:
    """Why the user's other bookings stop them booking ``slot`` ("" if they do not): one
    at the same time, or the week's limit of open bookings reached."""
    others = [(start, end) for slot_id, start, end in holding if slot_id != slot.pk]
    if any(start < slot.ends_at and end > slot.starts_at for start, end in others):
        return _("Sinulla on jo varaus samaan aikaan")
    week = _week_of(slot.starts_at)
    in_week = sum(1 for start, _end in others if week <= start < week + timedelta(days=7))
    limit = policy.max_open_bookings_per_week
    if in_week >= limit:
        return ngettext(
            "Sinulla on jo %(limit)d varaus sillä viikolla (enimmäismäärä)",
            "Sinulla on jo %(limit)d varausta sillä viikolla (enimmäismäärä)",
            limit,
        ) % {"limit": limit}
    return ""


def with_closed_reasons(
    slots: Sequence[Slot], *, user: User, now: datetime | None = None
) -> Sequence[Slot]:
    """``slots`` (with their organisations loaded), each given ``closed_reason``: why
    ``user`` cannot book it now ("" if they can): their own time, cancelled, not theirs to
    book, past the deadline or beyond the window, or their other bookings (the same time,
    the week's limit). Two queries however many slots: the rules and the user's bookings."""
    now = now or timezone.now()
    policies = policies_for({s.organisation_id: s.organisation for s in slots}.values())
    holding = _holding(user, slots)
    for slot in slots:
        policy = policies[slot.organisation_id]
        if slot.tutor_id == user.pk:
            reason = _("Oma aikasi")
        elif slot.status != Slot.Status.OPEN:
            reason = _("Aika on peruttu.")
        elif not permissions.can_book_in(user, slot.organisation):
            reason = _("Et voi varata tätä aikaa.")
        else:
            reason = closed_reason(slot, policy, now) or _own_limits(slot, policy, holding)
        slot.closed_reason = reason  # type: ignore[attr-defined]
    return slots
