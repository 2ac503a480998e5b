"""Authorization-matrix rows of the tutor's side of tutoring."""

from __future__ import annotations

from tests.authz import Row
from tests.tutoring.authz_member import members_booking, school_slot

# Tutors and coordinators (who may tutor too) publish and log; the others get 403.
TUTORS = {"anonymous": 302, "tutor": 200, "coordinator": 200, "outsider": 200, "admin": 200}

ROWS: dict[str, Row] = {
    "tutoring:profile": Row(403, expect=TUTORS),
    "tutoring:availability": Row(403, expect=TUTORS),
    "tutoring:slot_new": Row(403, expect=TUTORS),
    "tutoring:series_new": Row(403, expect=TUTORS),
    "tutoring:log": Row(403, expect=TUTORS),
    "tutoring:log_new": Row(403, expect=TUTORS),
    # shared municipal time is published by coordinators
    "tutoring:shared_new": Row(
        403, expect={"anonymous": 302, "coordinator": 200, "outsider": 200, "admin": 200}
    ),
    # the slot's tutor or a coordinator above it may cancel; its bookers see it but may not
    "tutoring:slot_cancel": Row(
        403,
        kwargs=school_slot,
        expect={
            "anonymous": 302,
            "tutor": 200,
            "coordinator": 200,
            "admin": 200,
            "outsider": 404,
            "nobody": 404,
        },
    ),
    # the slot's tutor decides; the unit's overseers may too; the booker sees it but may not
    "tutoring:booking_decide": Row(
        404,
        kwargs=members_booking,
        expect={
            "anonymous": 302,
            "member": 403,
            "tutor": 200,
            "manager": 200,
            "coordinator": 200,
            "admin": 200,
        },
    ),
}
