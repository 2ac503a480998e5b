"""The booking rules that apply to an organisation: its own, else the nearest above it."""

from __future__ import annotations

from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Organisation, path_ids
from tutori.tutoring.models import BookingPolicy


@scopes_disabled()
def policy_for(organisation: Organisation) -> BookingPolicy:
    ids = path_ids(organisation.path)
    policies = {p.organisation_id: p for p in BookingPolicy.objects.filter(organisation_id__in=ids)}
    for org_id in reversed(ids):
        if org_id in policies:
            return policies[org_id]
    return BookingPolicy(organisation=organisation)
