"""Authorization-matrix rows of the path templates' pages (part A).

Oulu's coordinator (and the platform admin) define Oulu's path templates; Kemi's coordinator
(``outsider``) has the templates' list, a new template and the note policy for Kemi, but does
not find Oulu's templates; nobody else has the templates' pages (a template nobody follows is
seen only by the coordinators of its organisation).
"""

from __future__ import annotations

from typing import Any

from tests.authz import Row
from tests.conftest import World
from tests.paths.templates_setup import SHORT, parik

ORGANISERS = {"anonymous": 302, "coordinator": 200, "outsider": 200, "admin": 200}
MANAGES = {"anonymous": 302, "coordinator": 200, "admin": 200}


def template(w: World) -> dict[str, Any]:
    return {"pk": parik(w.oulu).template.pk}


def step(w: World) -> dict[str, Any]:
    return {"pk": parik(w.oulu).step(SHORT).pk}


def version(w: World) -> dict[str, Any]:
    return {"pk": parik(w.oulu).version.pk}


ROWS = {
    "paths:templates": Row(403, expect=ORGANISERS),
    "paths:template_new": Row(403, expect=ORGANISERS),
    "paths:note_policy": Row(403, expect=ORGANISERS),
    "paths:template": Row(404, kwargs=template, expect=MANAGES),
    "paths:template_edit": Row(404, kwargs=template, expect=MANAGES),
    "paths:template_archive": Row(404, kwargs=template, expect=MANAGES),
    "paths:template_delete": Row(404, kwargs=template, expect=MANAGES),
    "paths:template_copy": Row(404, kwargs=template, expect=MANAGES),
    "paths:template_step_new": Row(404, kwargs=template, expect=MANAGES),
    "paths:template_step_edit": Row(404, kwargs=step, expect=MANAGES),
    "paths:template_step_remove": Row(404, kwargs=step, expect=MANAGES),
    "paths:template_step_move": Row(405, kwargs=step, expect={"anonymous": 302}),
    "paths:template_version": Row(404, kwargs=version, expect=MANAGES),
}
