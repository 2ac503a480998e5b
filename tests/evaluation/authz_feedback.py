"""Authorization-matrix rows of the feedback and attrition reports (part B).

A programme's reports are read by who manages it (Oulu's coordinator, the admin) and its
steering group; a draft programme of Oulu is not seen by anyone else (404), Kemi's
coordinator included. A format other than pdf or xlsx is not found."""

from __future__ import annotations

from typing import Any

from tests.authz import Row
from tests.conftest import World
from tests.programmes.factories import ProgrammeFactory


def programme(w: World) -> dict[str, Any]:
    return {"pk": ProgrammeFactory(organisation=w.oulu).pk}


def programme_pdf(w: World) -> dict[str, Any]:
    return {**programme(w), "fmt": "pdf"}


READERS = {"anonymous": 302, "coordinator": 200, "admin": 200}

ROWS = {
    "evaluation:feedback": Row(404, kwargs=programme, expect=READERS),
    "evaluation:feedback_export": Row(404, kwargs=programme_pdf, expect=READERS),
    "evaluation:attrition": Row(404, kwargs=programme, expect=READERS),
    "evaluation:attrition_export": Row(404, kwargs=programme_pdf, expect=READERS),
}
