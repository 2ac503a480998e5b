"""Authorization-matrix rows of the funder report (part D).

The page is for whoever reads some programme's reports or oversees tutoring: coordinators
(Oulu's, Kemi's), a principal (oversees the school's tutoring) and the admin; a teacher, a
tutor, a coach and someone without a role are refused. Without a choice there is no
document to download (404); a format other than pdf or xlsx is not found."""

from __future__ import annotations

from typing import Any

from tests.authz import Row
from tests.conftest import World

READERS = {"anonymous": 302, "coordinator": 200, "manager": 200, "outsider": 200, "admin": 200}
NO_CHOICE = {"anonymous": 302, "coordinator": 404, "manager": 404, "outsider": 404, "admin": 404}


def pdf(w: World) -> dict[str, Any]:
    return {"fmt": "pdf"}


ROWS = {
    "evaluation:funder": Row(403, expect=READERS),
    "evaluation:funder_export": Row(403, kwargs=pdf, expect=NO_CHOICE),
}
