"""Authorization-matrix rows of applications (part B).

Oulu's published programme with its application window open: everyone who sees it (the
people of Oulu's schools, and Kemi's through the shared network) may open the application
form; only Oulu's coordinator (and platform admins) reads the applications, decides and
enrols. Koulu A's teacher's application is theirs to cancel (and the coordinator's); Koulu
A's principal sees it (their own people's progress) but may not decide or cancel it.
"""

from __future__ import annotations

from typing import Any

from tests.authz import LOGIN_REQUIRED, Row
from tests.conftest import World
from tests.programmes.applications_setup import applicant, open_programme

SEES = {"anonymous": 302, "nobody": 404}
ORGANISERS = {**SEES, "coordinator": 200, "admin": 200}


def programme(w: World) -> dict[str, Any]:
    return {"pk": open_programme(w).pk}


def teachers_application(w: World) -> dict[str, Any]:
    return {"pk": applicant(open_programme(w), w.member, w.school_a).pk}


ROWS = {
    "programmes:my": Row(200, expect=LOGIN_REQUIRED),
    "programmes:apply": Row(200, kwargs=programme, expect=SEES),
    "programmes:applications": Row(403, kwargs=programme, expect=ORGANISERS),
    "programmes:enrol": Row(403, kwargs=programme, expect=ORGANISERS),
    "programmes:application": Row(
        404,
        kwargs=teachers_application,
        expect={"anonymous": 302, "member": 403, "manager": 403, "coordinator": 200, "admin": 200},
    ),
    "programmes:cancel": Row(
        404,
        kwargs=teachers_application,
        expect={"anonymous": 302, "member": 200, "manager": 403, "coordinator": 200, "admin": 200},
    ),
}
