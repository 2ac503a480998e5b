"""Authorization-matrix rows of people on paths (part B).

Koulu A's teacher (``member``) is on Oulu's path, coached by Koulu A's coach. The path's page
is seen by the person, the coach, Koulu A's principal and Oulu's coordinator; Oulu's
coordinator (and the admin) assign its coach and stop it; only the person writes reflections.
Putting people on a template is for the coordinators who see it. "Henkilöiden polut" is for
those who hold the coordinator role somewhere; "Oma polkuni" for everyone signed in.
"""

from __future__ import annotations

from typing import Any

from tests.authz import LOGIN_REQUIRED, Row
from tests.conftest import World
from tests.paths.people_setup import on_path, template_of

FINDS = {"anonymous": 302, "nobody": 404, "tutor": 404, "outsider": 404}
MANAGES = {**FINDS, "coordinator": 200, "admin": 200}


def path(w: World) -> dict[str, Any]:
    return {"pk": on_path(w).pk}


def template(w: World) -> dict[str, Any]:
    return {"pk": template_of(w.oulu).pk}


ROWS = {
    "paths:path": Row(200, kwargs=path, expect=FINDS),
    "paths:people": Row(
        403, expect={"anonymous": 302, "coordinator": 200, "outsider": 200, "admin": 200}
    ),
    "paths:mine": Row(200, expect=LOGIN_REQUIRED),
    "paths:put_on": Row(
        404, kwargs=template, expect={"anonymous": 302, "coordinator": 200, "admin": 200}
    ),
    "paths:coach_assign": Row(403, kwargs=path, expect=MANAGES),
    "paths:stop": Row(403, kwargs=path, expect=MANAGES),
    "paths:reflection_new": Row(403, kwargs=path, expect={**FINDS, "member": 200}),
}
