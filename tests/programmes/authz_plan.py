"""Authorization-matrix rows of the plan (part A).

The list is for every signed-in person (each sees what they may). Oulu's draft is seen and
planned by Oulu's coordinator (and platform admins) alone; nobody else finds it. Oulu's
published programme and its timetable are seen by Oulu's people and by Kemi's through the
shared network; its materials are downloaded by the programme's own people (its coordinator,
trainers, steering group and participants), not by everyone who sees the programme.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from tests.authz import LOGIN_REQUIRED, Row
from tests.conftest import World
from tests.programmes.factories import ProgrammeFactory, SessionFactory
from tutori.programmes.models import Material

ORGANISERS_ANYWHERE = {"anonymous": 302, "coordinator": 200, "outsider": 200, "admin": 200}
OULU_PLANNERS = {"anonymous": 302, "coordinator": 200, "admin": 200}
SEES = {"anonymous": 302, "nobody": 404}
READS_MATERIALS = {"anonymous": 302, "nobody": 404, "coordinator": 200, "admin": 200}


def draft_of_oulu(w: World) -> dict[str, Any]:
    return {"pk": ProgrammeFactory(organisation=w.oulu, name="Oulun luonnos").pk}


def published_of_oulu(w: World) -> dict[str, Any]:
    programme = ProgrammeFactory(organisation=w.oulu, name="Oulun koulutus", published=True)
    SessionFactory(programme=programme)
    return {"pk": programme.pk}


def session_of_oulus_draft(w: World) -> dict[str, Any]:
    return {"pk": SessionFactory(programme=ProgrammeFactory(organisation=w.oulu)).pk}


def material_of_oulus_draft(w: World) -> dict[str, Any]:
    programme = ProgrammeFactory(organisation=w.oulu)
    return {
        "pk": Material.objects.create(
            programme=programme, title="Linkki", url="https://example.fi"
        ).pk
    }


def file_of_oulus_programme(w: World) -> dict[str, Any]:
    programme = ProgrammeFactory(organisation=w.oulu, published=True)
    material = Material(programme=programme, title="Ohje")
    material.file.save("ohje.pdf", ContentFile(b"%PDF-1.4 ohje"), save=True)
    return {"pk": material.pk}


ROWS = {
    "programmes:list": Row(200, expect=LOGIN_REQUIRED),
    "programmes:new": Row(403, expect=ORGANISERS_ANYWHERE),
    "programmes:detail": Row(200, kwargs=published_of_oulu, expect=SEES),
    "programmes:timetable": Row(200, kwargs=published_of_oulu, expect=SEES),
    "programmes:edit": Row(404, kwargs=draft_of_oulu, expect=OULU_PLANNERS),
    "programmes:publish": Row(404, kwargs=draft_of_oulu, expect=OULU_PLANNERS),
    "programmes:unpublish": Row(404, kwargs=draft_of_oulu, expect=OULU_PLANNERS),
    "programmes:finish": Row(404, kwargs=draft_of_oulu, expect=OULU_PLANNERS),
    "programmes:programme_cancel": Row(404, kwargs=draft_of_oulu, expect=OULU_PLANNERS),
    "programmes:copy": Row(404, kwargs=draft_of_oulu, expect=OULU_PLANNERS),
    "programmes:session_new": Row(404, kwargs=draft_of_oulu, expect=OULU_PLANNERS),
    "programmes:session_edit": Row(404, kwargs=session_of_oulus_draft, expect=OULU_PLANNERS),
    "programmes:session_cancel": Row(404, kwargs=session_of_oulus_draft, expect=OULU_PLANNERS),
    "programmes:session_delete": Row(404, kwargs=session_of_oulus_draft, expect=OULU_PLANNERS),
    "programmes:material_new": Row(404, kwargs=draft_of_oulu, expect=OULU_PLANNERS),
    "programmes:material_delete": Row(404, kwargs=material_of_oulus_draft, expect=OULU_PLANNERS),
    # Seen by everyone who sees the published programme; downloaded by its own people only.
    "programmes:material_download": Row(
        403, kwargs=file_of_oulus_programme, expect=READS_MATERIALS
    ),
}
