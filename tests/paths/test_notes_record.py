"""The coach records a supervision conversation (seed 003: problem situations, solutions
developed together, feedback and tips both ways, development ideas, the person's own view),
linked to a step of the path, which is marked done by default."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from tests.paths.coach_setup import LONG, SHORT, TRAINING, WILLING, coached, fresh, note_on
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.paths.models import PersonPath, SupervisionNote
from tutori.paths.services import schedule
from tutori.paths.services.notes import supervision_record

pytestmark = pytest.mark.django_db


def body(ps, **changes):
    values = {
        "person_step": str(ps.pk),
        "held_on": timezone.localdate().isoformat(),
        "duration_minutes": "45",
        "problems": "Asiakas ei saapunut sovittuun tapaamiseen.",
        "solutions": "Soitetaan edellisenä päivänä muistutus.",
        "feedback_given": "Hyvä ote ryhmään.",
        "feedback_received": "Valmentaja voisi käydä pajalla useammin.",
        "ideas": "Vertaisohjaajien yhteinen tapaaminen.",
        "person_view": "Olen oppinut paljon.",
        "mark_done": "on",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def test_the_form_offers_the_first_supervision_step_not_done_and_asks_to_mark_it_done(
    client, world
):
    c = coached(world)
    client.force_login(world.coach)
    response = client.get(reverse("paths:supervision_new", args=[c.path.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{c.step(SHORT).pk}" selected>' in html
    assert re.search(r'<input type="checkbox" name="mark_done"[^>]* checked', html)
    for label in ("Käsitellyt ongelmatilanteet", "Kehittämisideat", "Valmennettavan oma näkemys"):
        assert label in html


def test_a_link_from_a_step_chooses_that_step(client, world):
    c = coached(world)
    client.force_login(world.coach)
    url = reverse("paths:supervision_new", args=[c.path.pk])
    html = client.get(f"{url}?step={c.step(LONG).pk}").content.decode()
    assert f'<option value="{c.step(LONG).pk}" selected>' in html


def test_the_coach_records_the_conversation_and_the_step_is_done(client, world):
    c = coached(world)
    client.force_login(world.coach)
    url = reverse("paths:supervision_new", args=[c.path.pk])
    response = client.post(url, body(c.step(SHORT)), follow=True)
    assert response.redirect_chain[-1][0] == reverse("paths:coach")
    assert "merkitty tehdyksi: Lyhyt työnohjaus" in response.content.decode()
    note = SupervisionNote.objects.get(path=c.path)
    assert (note.author, note.person_step, note.duration_minutes) == (
        world.coach,
        c.step(SHORT),
        45,
    )
    assert note.person_view == "Olen oppinut paljon."
    assert fresh(c.step(SHORT)).done_on == timezone.localdate()


def test_unticking_keeps_the_step_open(client, world):
    c = coached(world)
    client.force_login(world.coach)
    url = reverse("paths:supervision_new", args=[c.path.pk])
    client.post(url, body(c.step(SHORT), mark_done=None))
    assert SupervisionNote.objects.filter(path=c.path).count() == 1
    assert fresh(c.step(SHORT)).done_on is None


def test_a_conversation_held_earlier_marks_the_step_done_on_its_day(client, world):
    c = coached(world, days_ago=20)
    held = timezone.localdate() - dt.timedelta(days=8)
    client.force_login(world.coach)
    url = reverse("paths:supervision_new", args=[c.path.pk])
    client.post(url, body(c.step(SHORT), held_on=held.isoformat()))
    assert fresh(c.step(SHORT)).done_on == held
    # The long supervision counts from that day.
    assert fresh(c.step(LONG)).due_from == held + dt.timedelta(days=21)


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {
                "problems": "",
                "solutions": "",
                "feedback_given": "",
                "feedback_received": "",
                "ideas": "",
                "person_view": "",
            },
            "Kirjoita keskustelusta ainakin jotakin.",
        ),
        ({"duration_minutes": "0"}, "Tämän luvun on oltava vähintään 1."),
        ({"duration_minutes": ""}, "Anna keskustelun kesto minuutteina."),
        ({"held_on": "2999-01-01"}, "Anna päivä väliltä"),
        ({"person_step": "999999"}, "Valitse polun vaihe listasta."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_what_was_typed_is_kept(
    client, world, changes, message
):
    c = coached(world)
    client.force_login(world.coach)
    url = reverse("paths:supervision_new", args=[c.path.pk])
    response = client.post(url, body(c.step(SHORT), **changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if changes.get("problems") != "":
        assert "Asiakas ei saapunut sovittuun tapaamiseen." in html
    assert not SupervisionNote.objects.filter(path=c.path).exists()
    assert fresh(c.step(SHORT)).done_on is None


def test_a_step_of_another_path_is_refused_by_the_service(world):
    c, other = coached(world), coached(world, person=world.tutor)
    with pytest.raises(ApplicationError):
        supervision_record(
            by=world.coach,
            path=c.path,
            person_step=other.step(SHORT),
            held_on=timezone.localdate(),
            duration_minutes=30,
            problems="x",
        )


def test_only_the_paths_coach_records_and_only_while_it_runs(world):
    c = coached(world)
    kwargs = {
        "path": c.path,
        "person_step": c.step(WILLING),
        "held_on": timezone.localdate(),
        "duration_minutes": 30,
        "problems": "x",
    }
    for someone in (world.coordinator, world.manager, world.member, world.admin):
        with pytest.raises(PermissionDeniedError):
            supervision_record(by=someone, **kwargs)
    PersonPath.internal_objects.filter(pk=c.path.pk).update(status="stopped")
    c.path.refresh_from_db()
    with pytest.raises(PermissionDeniedError):
        supervision_record(by=world.coach, **kwargs)


def test_a_step_done_already_stays_as_it_was(world):
    c = coached(world)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    schedule.step_done(person_step=c.step(TRAINING), by=world.coach, on=yesterday)
    supervision_record(
        by=world.coach,
        path=c.path,
        person_step=fresh(c.step(TRAINING)),
        held_on=timezone.localdate(),
        duration_minutes=30,
        problems="x",
    )
    assert fresh(c.step(TRAINING)).done_on == yesterday


def test_from_the_path_page_the_coach_returns_to_it(client, world):
    c = coached(world)
    client.force_login(world.coach)
    path_url = reverse("paths:path", args=[c.path.pk])
    page = client.get(path_url).content.decode()
    link = f"{reverse('paths:supervision_new', args=[c.path.pk])}?next={path_url}"
    assert link in page
    response = client.post(
        reverse("paths:supervision_new", args=[c.path.pk]),
        {**body(c.step(SHORT)), "next": path_url},
    )
    assert response.status_code == 302 and response["Location"] == path_url


def test_the_author_corrects_a_note_and_the_log_names_the_fields_not_the_text(client, world):
    c = coached(world)
    client.force_login(world.coach)
    url = reverse("paths:supervision_new", args=[c.path.pk])
    client.post(url, body(c.step(SHORT)))
    note = SupervisionNote.objects.get(path=c.path)
    edit = reverse("paths:note_edit", args=[note.pk])
    form = client.get(edit).content.decode()
    assert "Asiakas ei saapunut sovittuun tapaamiseen." in form and "mark_done" not in form
    response = client.post(edit, body(c.step(SHORT), ideas="Yhteinen kuukausitapaaminen."))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.ideas == "Yhteinen kuukausitapaaminen."
    entries = LogEntry.objects.get_for_object(note).order_by("pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert entries[1].changes_dict["fields"] == ["", "ideas"]
    assert all("Yhteinen" not in str(e.changes) for e in entries)


def test_the_path_page_offers_the_author_a_correction_link_only(client, world):
    c = coached(world)
    note = note_on(c)
    edit = reverse("paths:note_edit", args=[note.pk])
    client.force_login(world.coach)
    assert edit in client.get(reverse("paths:path", args=[c.path.pk])).content.decode()
    client.force_login(world.member)
    assert edit not in client.get(reverse("paths:path", args=[c.path.pk])).content.decode()
