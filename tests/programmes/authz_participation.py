"""Authorization-matrix rows of participation (part C).

Oulu's published programme under way, trained by Koulu A's tutor, with Koulu A's teacher
(``member``) enrolled. Oulu's coordinator writes the info letter; the trainer and the
coordinator manage assignments, mark attendance, read the participants' work; the teacher
has their own page and returns assignments. Koulu A's principal follows their teacher's
progress but never reads the work (their case notes and answers), nor does anyone else who
sees the programme (Kemi's coordinator through the network, Koulu A's other people).
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from tests.authz import Row
from tests.conftest import World
from tests.programmes.participation_setup import course, submitted

SEES = {"anonymous": 302, "nobody": 404}
ORGANISERS = {**SEES, "coordinator": 200, "admin": 200}
TRAINERS = {**ORGANISERS, "tutor": 200}
THE_PARTICIPANT = {"anonymous": 302, "member": 200}
THE_WORK = {**THE_PARTICIPANT, "tutor": 200, "coordinator": 200, "admin": 200}


def programme(w: World) -> dict[str, Any]:
    return {"pk": course(w).programme.pk}


def assignment(w: World) -> dict[str, Any]:
    return {"pk": course(w).interim.pk}


def session_today(w: World) -> dict[str, Any]:
    return {"pk": course(w).session.pk}


def members_participation(w: World) -> dict[str, Any]:
    return {"pk": course(w).member.pk}


def members_submission(w: World) -> dict[str, Any]:
    c = course(w)
    s = submitted(c.member, c.interim)
    s.file.save("vastaus.txt", ContentFile(b"Vastaukseni liitteena."), save=True)
    return {"pk": s.pk}


ROWS = {
    "programmes:info_letter": Row(403, kwargs=programme, expect=ORGANISERS),
    "programmes:info_letter_send": Row(403, kwargs=programme, expect=ORGANISERS),
    "programmes:assignment_new": Row(403, kwargs=programme, expect=TRAINERS),
    "programmes:assignment_edit": Row(403, kwargs=assignment, expect=TRAINERS),
    "programmes:assignment_delete": Row(403, kwargs=assignment, expect=TRAINERS),
    "programmes:attendance": Row(403, kwargs=session_today, expect=TRAINERS),
    "programmes:me": Row(404, kwargs=programme, expect=THE_PARTICIPANT),
    "programmes:submit": Row(404, kwargs=assignment, expect=THE_PARTICIPANT),
    # The trainer's view of a participant: the principal and the teacher see the
    # participation (their own people's progress, their own) but not this page.
    "programmes:participant": Row(
        404,
        kwargs=members_participation,
        expect={**TRAINERS, "manager": 403, "member": 403},
    ),
    "programmes:submission": Row(404, kwargs=members_submission, expect=THE_WORK),
    "programmes:submission_file": Row(404, kwargs=members_submission, expect=THE_WORK),
}
