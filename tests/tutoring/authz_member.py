"""Authorization-matrix rows of the member's side of tutoring."""

from __future__ import annotations

from typing import Any

from tests.authz import LOGIN_REQUIRED, Row
from tests.conftest import World
from tests.factories import BookingFactory, SlotFactory


def school_slot(w: World) -> dict[str, Any]:
    """A time offered in Koulu A: its members book it; Oulu's coordinator oversees it."""
    return {"pk": SlotFactory(organisation=w.school_a, tutor=w.tutor).pk}


def members_booking(w: World) -> dict[str, Any]:
    slot = SlotFactory(organisation=w.school_a, tutor=w.tutor)
    return {"pk": BookingFactory(slot=slot, person=w.member).pk}


ROWS: dict[str, Row] = {
    "tutoring:catalogue": Row(200, expect=LOGIN_REQUIRED),
    "tutoring:book": Row(
        200, kwargs=school_slot, expect={"anonymous": 302, "nobody": 404, "outsider": 404}
    ),
    "tutoring:my_bookings": Row(200, expect=LOGIN_REQUIRED),
    # the booker, the slot's tutor and the unit's overseers reach a booking
    "tutoring:booking_cancel": Row(
        404,
        kwargs=members_booking,
        expect={
            "anonymous": 302,
            "member": 200,
            "tutor": 200,
            "manager": 200,
            "coordinator": 200,
            "admin": 200,
        },
    ),
    "tutoring:booking_accept": Row(405, kwargs=members_booking, expect=LOGIN_REQUIRED),
    "tutoring:booking_decline_proposal": Row(405, kwargs=members_booking, expect=LOGIN_REQUIRED),
    "tutoring:week": Row(200, expect=LOGIN_REQUIRED),
    "accounts:feed": Row(200, expect=LOGIN_REQUIRED),
    "accounts:ical": Row(404, kwargs=lambda w: {"token": "not-a-real-token"}),
    "tutoring:ical": Row(404, kwargs=lambda w: {"token": "not-a-real-token"}),
}
