"""Authorization-matrix rows of the orgs pages added for invitations (the older orgs rows are
in tests/test_authorization_matrix.py)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.authz import LOGIN_REQUIRED, SCHOOL_A_REACH, Row, membership_of_member
from tests.conftest import World
from tests.factories import UserFactory
from tutori.orgs.models import Invitation


def invitation_into_school_a(w: World) -> dict[str, Any]:
    """Oulu's coordinator's waiting invitation of a new teacher into Koulu A."""
    invitation = Invitation._default_manager.create(
        user=UserFactory(invited=True, email="matriisi@example.fi"),
        organisation=w.school_a,
        role="member",
        display_name="Matti Matriisi",
        invited_by=w.coordinator,
        token_hash=hashlib.sha256(b"authz-matrix").hexdigest(),
        expires_at=timezone.now() + timedelta(days=14),
        sent_at=timezone.now(),
        send_count=1,
    )
    return {"pk": invitation.pk}


ROWS: dict[str, Row] = {
    # Invitations are managed by those who manage the organisation's people.
    "orgs:invitations": Row(
        403,
        kwargs=lambda w: {"pk": w.school_a.pk},
        expect={**SCHOOL_A_REACH, "coordinator": 200, "admin": 200},
    ),
    # The confirmation page of withdrawing: only people managers see an invitation at all.
    "orgs:invitation_withdraw": Row(
        404,
        kwargs=invitation_into_school_a,
        expect={"anonymous": 302, "coordinator": 200, "admin": 200},
    ),
    "orgs:invitation_resend": Row(405, kwargs=invitation_into_school_a, expect=LOGIN_REQUIRED),
    "orgs:membership_invite": Row(405, kwargs=membership_of_member, expect=LOGIN_REQUIRED),
}
