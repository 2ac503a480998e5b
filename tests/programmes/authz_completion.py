"""Authorization-matrix rows of completion (part D).

Oulu's published programme: its completion page and the follow-up invitation are for Oulu's
coordinator (and platform admins); everyone else who sees the programme is refused, nobody
else finds it. The teacher's certificate and leaving are the teacher's own and Oulu's
coordinator's; the principal sees the participation (their own people's progress) but may
not act on it. The verification page is public. "Henkilöstön koulutukset" is for managers and
coordinators.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tests.authz import Row
from tests.conftest import World
from tests.programmes.factories import ParticipantFactory, ProgrammeFactory, SessionFactory
from tutori.programmes.models import Participant, Session

OULU_MANAGES = {"anonymous": 302, "nobody": 404, "coordinator": 200, "admin": 200}
OWN_AND_ORGANISER = {
    "anonymous": 302,
    "member": 200,
    "coordinator": 200,
    "admin": 200,
    "manager": 403,
}
FOLLOWERS = {"anonymous": 302, "manager": 200, "coordinator": 200, "outsider": 200, "admin": 200}


def _programme(w: World) -> Any:
    return ProgrammeFactory(organisation=w.oulu, name="Oulun koulutus", published=True)


def published_of_oulu(w: World) -> dict[str, Any]:
    return {"pk": _programme(w).pk}


def teacher_completed(w: World) -> dict[str, Any]:
    p = ParticipantFactory(
        programme=_programme(w),
        person=w.member,
        organisation=w.school_a,
        status=Participant.Status.COMPLETED,
        completed_at=timezone.now(),
        certificate_code="Koodi123abcd",
    )
    return {"pk": p.pk}


def teacher_enrolled(w: World) -> dict[str, Any]:
    p = ParticipantFactory(programme=_programme(w), person=w.member, organisation=w.school_a)
    return {"pk": p.pk}


def a_certificate_code(w: World) -> dict[str, Any]:
    teacher_completed(w)
    return {"code": "Koodi123abcd"}


def follow_up_of_oulu(w: World) -> dict[str, Any]:
    return {"pk": SessionFactory(programme=_programme(w), kind=Session.Kind.FOLLOW_UP).pk}


ROWS = {
    "programmes:completion": Row(403, kwargs=published_of_oulu, expect=OULU_MANAGES),
    "programmes:certificate": Row(404, kwargs=teacher_completed, expect=OWN_AND_ORGANISER),
    "programmes:leave": Row(404, kwargs=teacher_enrolled, expect=OWN_AND_ORGANISER),
    # Public: validity, the programme and the date only.
    "programmes:verify": Row(200, kwargs=a_certificate_code),
    "programmes:people": Row(403, expect=FOLLOWERS),
    "programmes:follow_up_invite": Row(403, kwargs=follow_up_of_oulu, expect=OULU_MANAGES),
}
