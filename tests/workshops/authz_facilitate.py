"""Authorization-matrix rows of the facilitator's pages (W1).

Koulu A's workshop is run by Oulu's coordinator (who made it), Koulu A's tutor and the
platform admin. Koulu A's member joined it with their account: they find it but may not run
it (403). The principal (manager) reads only closed workshops, the coach, Kemi's coordinator
and people without a role do not find it (404). The list and a new workshop are for the
coordinators and tutors of any organisation.
"""

from __future__ import annotations

from typing import Any

from tests.authz import Row
from tests.conftest import World
from tests.workshops.facilitate_setup import grouped, school_workshop

FACILITATING = {"anonymous": 302, "coordinator": 200, "tutor": 200, "outsider": 200, "admin": 200}
RUNS = {"anonymous": 302, "coordinator": 200, "tutor": 200, "admin": 200, "member": 403}
POST_ONLY = {"anonymous": 302}


def workshop(w: World) -> dict[str, Any]:
    return {"pk": school_workshop(w).pk}


def question(w: World) -> dict[str, Any]:
    return {"pk": grouped(w).question.pk}


def theme(w: World) -> dict[str, Any]:
    return {"pk": grouped(w).theme.pk}


def idea(w: World) -> dict[str, Any]:
    return {"pk": grouped(w).idea.pk}


ROWS = {
    "workshops:list": Row(403, expect=FACILITATING),
    "workshops:new": Row(403, expect=FACILITATING),
    "workshops:workshop": Row(404, kwargs=workshop, expect=RUNS),
    "workshops:edit": Row(404, kwargs=workshop, expect=RUNS),
    "workshops:close": Row(404, kwargs=workshop, expect=RUNS),
    "workshops:code": Row(404, kwargs=workshop, expect=RUNS),
    "workshops:open": Row(405, kwargs=workshop, expect=POST_ONLY),
    "workshops:phase": Row(405, kwargs=workshop, expect=POST_ONLY),
    "workshops:question_phase": Row(405, kwargs=question, expect=POST_ONLY),
    "workshops:grouping": Row(404, kwargs=question, expect=RUNS),
    "workshops:theme_new": Row(405, kwargs=question, expect=POST_ONLY),
    "workshops:themes_merge": Row(405, kwargs=question, expect=POST_ONLY),
    "workshops:theme_rename": Row(405, kwargs=theme, expect=POST_ONLY),
    "workshops:theme_delete": Row(404, kwargs=theme, expect=RUNS),
    "workshops:idea_move": Row(405, kwargs=idea, expect=POST_ONLY),
}
