"""Authorization-matrix rows of the coordinator's curation pages (topics, named tutors)."""

from __future__ import annotations

from typing import Any

from tests.authz import Row
from tests.conftest import World
from tutori.tutoring.models import NamedTutor, Topic

# Only coordinators curate: Oulu's, Kemi's (the outsider curates its own) and admins.
CURATORS_ONLY = {"anonymous": 302, "coordinator": 200, "outsider": 200, "admin": 200}


def topic_of_oulu(w: World) -> dict[str, Any]:
    topic = Topic._default_manager.create(organisation=w.oulu, name="Arviointi")
    return {"pk": topic.pk}


def named_tutor_of_koulu_a(w: World) -> dict[str, Any]:
    NamedTutor._default_manager.create(school=w.school_a, tutor=w.tutor, set_by=w.coordinator)
    return {"pk": w.school_a.pk}


ROWS: dict[str, Row] = {
    "tutoring:topics": Row(403, expect=CURATORS_ONLY),
    # Everyone in Oulu (and Kemi, through the shared network) sees the topic; only Oulu's
    # coordinator and admins may edit it. A person without a role does not see it at all.
    "tutoring:topic_edit": Row(
        403,
        kwargs=topic_of_oulu,
        expect={"anonymous": 302, "nobody": 404, "coordinator": 200, "admin": 200},
    ),
    "tutoring:named_tutors": Row(403, expect=CURATORS_ONLY),
    # Kemi's coordinator curates, but not Koulu A: its named tutor is not found.
    "tutoring:named_tutor_remove": Row(
        403,
        kwargs=named_tutor_of_koulu_a,
        expect={"anonymous": 302, "coordinator": 200, "admin": 200, "outsider": 404},
    ),
    "tutoring:policies": Row(403, expect=CURATORS_ONLY),
}
