"""Authorization-matrix rows of tutoring impact (part C): read by those who oversee tutoring
(Koulu A's principal, Oulu's and Kemi's coordinators, admins), each over their own units;
teachers, tutors and coaches are refused."""

from __future__ import annotations

from tests.authz import Row

READERS = {"anonymous": 302, "manager": 200, "coordinator": 200, "outsider": 200, "admin": 200}

ROWS = {
    "evaluation:impact": Row(403, expect=READERS),
    "evaluation:impact_export": Row(403, kwargs=lambda w: {"fmt": "xlsx"}, expect=READERS),
}
