"""Authorization-matrix rows of the pre/post report (part P).

A programme's pre/post report is read by who manages it (Oulu's coordinator, the admin)
and its steering group; Oulu's draft programme is not seen by anyone else (404), Kemi's
coordinator included. The report of a programme without linked surveys says so (200)."""

from __future__ import annotations

from typing import Any

from tests.authz import Row
from tests.conftest import World
from tests.programmes.factories import ProgrammeFactory


def programme(w: World) -> dict[str, Any]:
    return {"pk": ProgrammeFactory(organisation=w.oulu).pk}


def programme_xlsx(w: World) -> dict[str, Any]:
    return {**programme(w), "fmt": "xlsx"}


READERS = {"anonymous": 302, "coordinator": 200, "admin": 200}

ROWS = {
    "evaluation:prepost": Row(404, kwargs=programme, expect=READERS),
    "evaluation:prepost_export": Row(404, kwargs=programme_xlsx, expect=READERS),
}
