"""Set-up shared by the plan's permission tests: Oulu's programmes and a programme of an
organisation outside Oulu and its network (whose coordinator Oulu's does not reach)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import World
from tests.factories import OrganisationFactory
from tests.programmes.factories import ProgrammeFactory, SessionFactory
from tutori.programmes.models import Programme, Session


def oulus_draft(w: World, **fields: Any) -> Programme:
    """Oulu's draft with one session; Koulu A's tutor trains it (they see it, may not plan)."""
    programme = ProgrammeFactory(organisation=w.oulu, name="Oulun luonnos", **fields)
    programme.trainers.set([w.tutor])
    SessionFactory(programme=programme, date=dt.date(2027, 1, 11))
    return programme  # type: ignore[no-any-return]


def oulus_published(w: World) -> Programme:
    programme = oulus_draft(w, status=Programme.Status.PUBLISHED)
    return programme


def rovaniemis_programme() -> Programme:
    rovaniemi = OrganisationFactory(name="Rovaniemi", municipality=True)
    programme = ProgrammeFactory(organisation=rovaniemi, name="Rovaniemen koulutus")
    SessionFactory(programme=programme, date=dt.date(2027, 1, 11))
    return programme  # type: ignore[no-any-return]


def first_session(programme: Programme) -> Session:
    return Session._default_manager.filter(programme=programme).first()  # type: ignore[no-any-return]


SEE_BUT_MAY_NOT_PLAN = ["tutor"]  # the programme's trainer sees the draft
DO_NOT_SEE_A_DRAFT = ["member", "coach", "manager", "outsider", "nobody"]


def session_body(w: World, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "meeting",
        "title": "Lähijakso",
        "date": "2027-02-08",
        "starts_at": "12:00",
        "ends_at": "16:00",
        "hours": "",
        "theme": "Asiakkaan ohjaus",
        "host": w.school_a.pk,
        "place": "Koulu A",
        "remote_url": "",
        "trainers": [w.tutor.pk],
        "description": "",
        **extra,
    }


def programme_body(w: World, **extra: Any) -> dict[str, Any]:
    return {
        "organisation": w.oulu.pk,
        "name": "Uusi koulutus",
        "description": "",
        "target_group": "",
        "credits": "2",
        "themes": "Asiakkaan ohjaus",
        "starts_on": "2027-01-11",
        "ends_on": "2027-05-28",
        "applications_open_on": "",
        "applications_close_on": "",
        "criteria": "",
        "capacity": "",
        "completion_min_sessions": "",
        "grants_role": "",
        "badge": "",
        **extra,
    }
