"""An organisation's booking rules: those that apply to it (its own, else the nearest above
it), and setting its own."""

from __future__ import annotations

from django.db import transaction

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Organisation, path_ids
from tutori.tutoring.models import BookingPolicy
from tutori.tutoring.services.vocabulary import _require_curator


@scopes_disabled()
def policy_for(organisation: Organisation) -> BookingPolicy:
    ids = path_ids(organisation.path)
    policies = {p.organisation_id: p for p in BookingPolicy.objects.filter(organisation_id__in=ids)}
    for org_id in reversed(ids):
        if org_id in policies:
            return policies[org_id]
    return BookingPolicy(organisation=organisation)


@scopes_disabled()
@transaction.atomic
def policy_save(
    *,
    by: User,
    organisation: Organisation,
    booking_deadline_hours: int,
    cancellation_deadline_hours: int,
    max_open_bookings_per_week: int,
    booking_window_weeks: int,
    reminder_hours_before: int | None = None,
) -> BookingPolicy:
    """Set an organisation's own booking rules (its descendants inherit them)."""
    _require_curator(by, organisation)
    policy = BookingPolicy.objects.filter(organisation=organisation).first() or BookingPolicy(
        organisation=organisation
    )
    policy.booking_deadline_hours = booking_deadline_hours
    policy.cancellation_deadline_hours = cancellation_deadline_hours
    policy.max_open_bookings_per_week = max_open_bookings_per_week
    policy.booking_window_weeks = booking_window_weeks
    if reminder_hours_before is not None:
        policy.reminder_hours_before = reminder_hours_before
    policy.full_clean()
    policy.save()
    return policy
