"""Reads of booking rules for pages that list times: the rules that apply in many
organisations at once (one query), and why a time cannot be booked now (so a page shows the
reason instead of a "Varaa" button that would only be refused).

The rules are those services.booking checks when a booking is made (booking deadline and
booking window, BookingPolicy); tests/tutoring/test_dead_ends.py holds the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.core.time import local
from tutori.orgs.models import Organisation, path_ids
from tutori.tutoring.models import BookingPolicy, Slot


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


def with_closed_reasons(
    slots: Sequence[Slot], *, user: User, now: datetime | None = None
) -> Sequence[Slot]:
    """``slots`` (with their organisations loaded), each given ``closed_reason``: why
    ``user`` cannot book it now ("" if they can). One query for every slot's rules."""
    now = now or timezone.now()
    policies = policies_for({s.organisation_id: s.organisation for s in slots}.values())
    for slot in slots:
        if slot.tutor_id == user.pk:
            reason = _("Oma aikasi")
        elif slot.status != Slot.Status.OPEN:
            reason = _("Aika on peruttu.")
        else:
            reason = closed_reason(slot, policies[slot.organisation_id], now)
        slot.closed_reason = reason  # type: ignore[attr-defined]
    return slots
