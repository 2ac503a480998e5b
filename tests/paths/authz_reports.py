"""Authorization-matrix rows of the path reports (part D).

The reports are the coordinators': the list for whoever coordinates somewhere (each sees
their own organisations' templates), a template's report for the coordinators of its
organisation (Oulu's); Kemi's coordinator does not find Oulu's template; everyone else is
refused."""

from __future__ import annotations

from typing import Any

from tests.authz import Row
from tests.conftest import World
from tests.paths.factories import PathTemplateFactory


def template(w: World) -> dict[str, Any]:
    return {"pk": PathTemplateFactory(organisation=w.oulu).pk}


ROWS = {
    "paths:reports": Row(
        403, expect={"anonymous": 302, "coordinator": 200, "outsider": 200, "admin": 200}
    ),
    "paths:report": Row(
        403,
        kwargs=template,
        expect={"anonymous": 302, "coordinator": 200, "outsider": 404, "admin": 200},
    ),
}
