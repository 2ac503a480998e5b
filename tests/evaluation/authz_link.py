"""Authorization-matrix rows of the evaluation index and of linking a programme's surveys
(part A).

The index is for coordinators (each sees the programmes they manage or steer; Kemi's
coordinator sees an empty list) and steering group members; linking is for who manages the
programme (Oulu's coordinator); a published programme is seen by everyone with a role, so
they are refused (403); one without any membership does not find it (404)."""

from __future__ import annotations

from typing import Any

from tests.authz import Row
from tests.conftest import World
from tests.programmes.factories import ProgrammeFactory


def published(w: World) -> dict[str, Any]:
    return {"pk": ProgrammeFactory(organisation=w.oulu, published=True).pk}


ROWS = {
    "evaluation:index": Row(
        403, expect={"anonymous": 302, "coordinator": 200, "outsider": 200, "admin": 200}
    ),
    "evaluation:link": Row(
        403,
        kwargs=published,
        expect={"anonymous": 302, "nobody": 404, "coordinator": 200, "admin": 200},
    ),
}
