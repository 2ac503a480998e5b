"""An organisation's booking rules: those that apply to it (its own, else the nearest above
it), and setting its own."""

from __future__ import annotations

from django.db import transaction

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Organisation
from tutori.tutoring.models import BookingPolicy
from tutori.tutoring.selectors.policy import policies_for
from tutori.tutoring.services.vocabulary import _require_curator


def policy_for(organisation: Organisation) -> BookingPolicy:
    """The rules that apply in ``organisation`` (the catalogue's ``policies_for`` of one)."""
    policy = policies_for([organisation])[organisation.pk]
    return policy if policy.pk else BookingPolicy(organisation=organisation)


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
