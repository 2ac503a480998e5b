"""Authorization-matrix rows of the workshops' results part (W3).

The workshop is Koulu A's, closed, with the world's member among its participants. Its
results page: the facilitators (Koulu A's tutor, Oulu's coordinator above it), the archive's
readers (Koulu A's manager) and the participant with an account; the projector view and the
exports: the facilitators and the archive's readers (the participant is refused). The
archive: whoever coordinates, manages or tutors somewhere. A theme's follow-up work: the
facilitators; the manager and the participant see the theme but may not. Nobody else finds
the workshop (404). Marking a task done is a POST."""

from __future__ import annotations

from typing import Any

from tests.authz import Row
from tests.conftest import World
from tests.workshops.results_setup import puimala
from tutori.workshops.models import FollowUp

READERS = {"anonymous": 302, "tutor": 200, "manager": 200, "coordinator": 200, "admin": 200}


def workshop(w: World) -> dict[str, Any]:
    return {"pk": puimala(w, organisation=w.school_a).workshop.pk}


def export(w: World) -> dict[str, Any]:
    return {**workshop(w), "fmt": "md"}


def theme(w: World) -> dict[str, Any]:
    made = puimala(w, organisation=w.school_a)
    return {"pk": made.themes["Nimikkotutor"].pk}


def task(w: World) -> dict[str, Any]:
    made = puimala(w, organisation=w.school_a)
    follow_up = FollowUp.objects.create(
        theme=made.themes["Nimikkotutor"],
        kind=FollowUp.Kind.TASK,
        title="Nimikkotutorit kouluille",
        owner=w.tutor,
        created_by=w.coordinator,
    )
    return {"pk": follow_up.pk}


ROWS = {
    "workshops:archive": Row(
        403,
        expect={
            "anonymous": 302,
            "tutor": 200,
            "manager": 200,
            "coordinator": 200,
            "outsider": 200,
            "admin": 200,
        },
    ),
    "workshops:results": Row(404, kwargs=workshop, expect={**READERS, "member": 200}),
    "workshops:results_present": Row(404, kwargs=workshop, expect={**READERS, "member": 403}),
    "workshops:results_export": Row(404, kwargs=export, expect={**READERS, "member": 403}),
    "workshops:follow_up": Row(
        404,
        kwargs=theme,
        expect={
            "anonymous": 302,
            "tutor": 200,
            "coordinator": 200,
            "admin": 200,
            "manager": 403,
            "member": 403,
        },
    ),
    "workshops:task_done": Row(405, kwargs=task, expect={"anonymous": 302}),
}
