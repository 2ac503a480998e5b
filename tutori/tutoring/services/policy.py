"""The booking rules that apply to an organisation: its own, else the nearest above it."""

from __future__ import annotations

from tutori.orgs.models import Organisation
from tutori.tutoring.models import BookingPolicy


def policy_for(organisation: Organisation) -> BookingPolicy:
    ids = [int(p) for p in organisation.path.strip("/").split("/") if p]
    policies = {p.organisation_id: p for p in BookingPolicy.objects.filter(organisation_id__in=ids)}
    for org_id in reversed(ids):
        if org_id in policies:
            return policies[org_id]
    return BookingPolicy(organisation=organisation)
