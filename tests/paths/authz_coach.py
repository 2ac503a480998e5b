"""Authorization-matrix rows of the coach's pages (part C).

Koulu A's teacher (``member``) is on Oulu's path, coached by Koulu A's coach. The coach and
Oulu's coordinator run its steps (mark done, move); only the coach records supervision
conversations and corrects their notes. Koulu A's principal and the teacher see the path
but may not act on it; Koulu A's tutor, Kemi's coordinator and people without a role do not
find it. "Valmennettavat" is for
those who hold the coach or coordinator role somewhere (or coach a path).
"""

from __future__ import annotations

from typing import Any

from tests.authz import Row
from tests.conftest import World
from tests.paths.coach_setup import WILLING, coached, note_on

FINDS = {"anonymous": 302, "nobody": 404, "tutor": 404, "outsider": 404}
RUNS = {**FINDS, "coach": 200, "coordinator": 200, "admin": 200}


def step(w: World) -> dict[str, Any]:
    return {"pk": coached(w).step(WILLING).pk}


def path(w: World) -> dict[str, Any]:
    return {"pk": coached(w).path.pk}


def note(w: World) -> dict[str, Any]:
    return {"pk": note_on(coached(w)).pk}


ROWS = {
    "paths:coach": Row(
        403,
        expect={"anonymous": 302, "coach": 200, "coordinator": 200, "outsider": 200, "admin": 200},
    ),
    "paths:step_done": Row(403, kwargs=step, expect=RUNS),
    "paths:step_reschedule": Row(403, kwargs=step, expect=RUNS),
    "paths:supervision_new": Row(403, kwargs=path, expect={**FINDS, "coach": 200}),
    # Only its author corrects a note; the person reads it but may not; for everyone else it
    # is as if it did not exist (the principal and the coordinator see the path, not the note).
    "paths:note_edit": Row(
        404, kwargs=note, expect={"anonymous": 302, "coach": 200, "member": 403}
    ),
}
