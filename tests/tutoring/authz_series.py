"""Authorization-matrix rows of weekly times (a series, changing its times, cancelling the
rest) and of the school breaks a coordinator sets."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.utils import timezone

from tests.authz import Row
from tests.conftest import World
from tests.tutoring.authz_member import school_slot
from tutori.tutoring.models import SchoolBreak
from tutori.tutoring.services.availability import series_create


def tutors_series(w: World) -> dict[str, Any]:
    """Koulu A's tutor's weekly time for three weeks from next week."""
    first = timezone.localdate() + timedelta(days=7)
    series = series_create(
        by=w.tutor,
        organisation=w.school_a,
        weekday=first.weekday(),
        start_time=time(14),
        duration_minutes=60,
        first_date=first,
        until=first + timedelta(weeks=2),
        skip_days_off=False,
    )
    return {"pk": series.pk}


def oulus_break(w: World) -> dict[str, Any]:
    today = timezone.localdate()
    school_break = SchoolBreak._default_manager.create(
        organisation=w.oulu,
        name="Syysloma",
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=34),
    )
    return {"pk": school_break.pk}


# The series' tutor and the coordinators above it; its school's principal sees the series
# (oversight) but may not change it; nobody else finds it.
SERIES = {
    "anonymous": 302,
    "tutor": 200,
    "coordinator": 200,
    "admin": 200,
    "manager": 403,
}
# Everyone in Oulu sees Oulu's breaks (they apply to their times); only Oulu's coordinator
# and admins change them; Kemi's coordinator and a person without a role do not find them.
BREAK = {"anonymous": 302, "coordinator": 200, "admin": 200, "outsider": 404, "nobody": 404}

ROWS: dict[str, Row] = {
    "tutoring:series": Row(404, kwargs=tutors_series, expect=SERIES),
    "tutoring:series_cancel": Row(404, kwargs=tutors_series, expect=SERIES),
    # as cancelling a time: its tutor or a coordinator above it; its bookers see it
    "tutoring:slot_edit": Row(
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
    "tutoring:breaks": Row(
        403, expect={"anonymous": 302, "coordinator": 200, "outsider": 200, "admin": 200}
    ),
    "tutoring:break_edit": Row(403, kwargs=oulus_break, expect=BREAK),
    "tutoring:break_delete": Row(403, kwargs=oulus_break, expect=BREAK),
}
