"""The plan's pages (part A): the list, creating and editing a programme, the programme
page with every part's section, sessions, the timetable, materials and copies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.programmes.factories import (
    AttendanceFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
)
from tutori.core.scoping import scopes_disabled
from tutori.programmes.models import Material, Programme, Session

pytestmark = pytest.mark.django_db


def _new_data(w, **extra):
    data = {
        "organisation": w.oulu.pk,
        "name": "WIRE 4",
        "description": "Työvalmentajien koulutus.",
        "target_group": "Työvalmentajat",
        "credits": "4",
        "themes": "Työ- ja toimintakyky\nAsiakkaan ohjaus\nYritysyhteistyö",
        "starts_on": "2027-01-11",
        "ends_on": "2027-05-28",
        "trainers": [w.tutor.pk],
        "steering_group": [w.manager.pk],
        "applications_open_on": "2026-11-01",
        "applications_close_on": "2026-12-15",
        "criteria": "Missä tehtävässä työskentelet?\nMiksi haet?",
        "capacity": "16",
        "completion_min_sessions": "8",
        "completion_all_assignments": "on",
        "grants_role": "",
        "badge": "",
    }
    data.update(extra)
    return data


def test_a_coordinator_creates_a_programme_with_every_field(client, world):
    client.force_login(world.coordinator)
    assert client.get(reverse("programmes:new")).status_code == 200
    response = client.post(reverse("programmes:new"), _new_data(world))
    assert response.status_code == 302
    with scopes_disabled():
        p = Programme.objects.get(name="WIRE 4")
        assert p.status == Programme.Status.DRAFT
        assert p.themes == ["Työ- ja toimintakyky", "Asiakkaan ohjaus", "Yritysyhteistyö"]
        assert p.criteria == ["Missä tehtävässä työskentelet?", "Miksi haet?"]
        assert p.credits == Decimal("4")
        assert p.capacity == 16 and p.completion_min_sessions == 8
        assert list(p.trainers.all()) == [world.tutor]
        assert list(p.steering_group.all()) == [world.manager]
        assert p.created_by == world.coordinator


def test_a_bad_programme_keeps_what_was_typed(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("programmes:new"), _new_data(world, ends_on="2026-12-01"))
    assert response.status_code == 400
    assert "Koulutus ei voi päättyä ennen kuin se alkaa." in response.content.decode()
    assert "WIRE 4" in response.content.decode()
    with scopes_disabled():
        assert not Programme.objects.filter(name="WIRE 4").exists()


def test_people_outside_the_organiser_and_its_network_cannot_be_made_trainers(client, world):
    from tests.factories import MembershipFactory, OrganisationFactory

    stranger = MembershipFactory(organisation=OrganisationFactory(name="Rovaniemi")).user
    client.force_login(world.coordinator)
    form = client.get(reverse("programmes:new")).content.decode()
    assert "Kalle Kemiläinen" in form  # Kemi's coordinator: Oulu's network partner
    assert stranger.display_name not in form
    response = client.post(reverse("programmes:new"), _new_data(world, trainers=[stranger.pk]))
    assert response.status_code == 400
    with scopes_disabled():
        assert not Programme.objects.filter(name="WIRE 4").exists()


def test_the_programme_page_shows_every_section(client, world, django_assert_max_num_queries):
    p = ProgrammeFactory(organisation=world.oulu)
    p.trainers.set([world.tutor])
    for _ in range(4):
        SessionFactory(programme=p)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(18):  # 15, and storing the session after signing in
        response = client.get(reverse("programmes:detail", args=[p.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Aikataulu" in text and "4 lähijaksoa, 16 tuntia" in text
    assert "Julkaise" in text


def test_the_programme_page_makes_as_many_queries_with_more_sessions(
    client, world, django_assert_max_num_queries
):
    p = ProgrammeFactory(organisation=world.oulu)
    SessionFactory(programme=p)
    client.force_login(world.coordinator)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("programmes:detail", args=[p.pk]))
    for _ in range(8):
        s = SessionFactory(programme=p)
        s.trainers.set([world.tutor])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("programmes:detail", args=[p.pk]))
    assert len(many) <= len(few) + 1


def test_drafts_are_listed_for_coordinators_only(client, world):
    draft = ProgrammeFactory(organisation=world.oulu, name="Luonnoskoulutus")
    ProgrammeFactory(organisation=world.oulu, name="Julkinen koulutus", published=True)
    client.force_login(world.coordinator)
    text = client.get(reverse("programmes:list")).content.decode()
    assert "Luonnoskoulutus" in text and "Julkinen koulutus" in text
    client.force_login(world.member)
    text = client.get(reverse("programmes:list")).content.decode()
    assert "Luonnoskoulutus" not in text and "Julkinen koulutus" in text
    assert client.get(reverse("programmes:detail", args=[draft.pk])).status_code == 404


def test_the_list_searches_and_filters(client, world):
    ProgrammeFactory(organisation=world.oulu, name="WIRE 3", published=True)
    ProgrammeFactory(organisation=world.oulu, name="Parik vertaisohjaajat", published=True)
    client.force_login(world.member)
    text = client.get(reverse("programmes:list"), {"q": "parik"}).content.decode()
    assert "Parik vertaisohjaajat" in text and "WIRE 3" not in text
    for when in ("open", "upcoming", "past", "mine", "nonsense"):
        assert client.get(reverse("programmes:list"), {"when": when}).status_code == 200


def test_publish_needs_a_session_then_asks_first(client, world):
    p = ProgrammeFactory(organisation=world.oulu)
    client.force_login(world.coordinator)
    url = reverse("programmes:publish", args=[p.pk])
    assert client.get(url).status_code == 200
    client.post(url)
    p.refresh_from_db()
    assert p.status == Programme.Status.DRAFT
    SessionFactory(programme=p)
    client.post(url)
    p.refresh_from_db()
    assert p.status == Programme.Status.PUBLISHED
    client.post(reverse("programmes:finish", args=[p.pk]))
    p.refresh_from_db()
    assert p.status == Programme.Status.FINISHED


def test_sessions_are_added_edited_and_cancelled(client, world):
    p = ProgrammeFactory(organisation=world.oulu, themes=["Asiakkaan ohjaus"])
    client.force_login(world.coordinator)
    data = {
        "kind": "meeting",
        "title": "Aloitus",
        "date": "2027-01-11",
        "starts_at": "12:00",
        "ends_at": "16:00",
        "hours": "",
        "theme": "Asiakkaan ohjaus",
        "host": world.school_a.pk,
        "place": "Rautatienkatu 5",
        "remote_url": "https://meet.example.fi/wire",
        "trainers": [world.tutor.pk],
        "description": "",
    }
    response = client.post(reverse("programmes:session_new", args=[p.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        s = Session.objects.get(programme=p)
    assert s.hours == Decimal("4.00") and s.host == world.school_a
    bad = client.post(
        reverse("programmes:session_edit", args=[s.pk]), {**data, "date": "2027-08-01"}
    )
    assert bad.status_code == 400
    assert "koulutuksen ajan ulkopuolella" in bad.content.decode()
    follow_up = client.post(
        reverse("programmes:session_new", args=[p.pk]),
        {**data, "kind": "follow_up", "date": "2027-09-28", "hours": "2"},
    )
    assert follow_up.status_code == 302
    client.post(reverse("programmes:session_cancel", args=[s.pk]), {"reason": "Sairastuminen"})
    s.refresh_from_db()
    assert s.is_cancelled and s.cancel_reason == "Sairastuminen"


def test_a_session_with_attendance_is_not_deleted(client, world):
    p = ProgrammeFactory(organisation=world.oulu)
    s = SessionFactory(programme=p)
    AttendanceFactory(session=s, participant=ParticipantFactory(programme=p))
    free = SessionFactory(programme=p)
    client.force_login(world.coordinator)
    page = client.get(reverse("programmes:session_delete", args=[s.pk])).content.decode()
    assert "Peru tapaaminen" in page
    client.post(reverse("programmes:session_delete", args=[s.pk]))
    client.post(reverse("programmes:session_delete", args=[free.pk]))
    with scopes_disabled():
        assert list(Session.objects.filter(programme=p)) == [s]


def test_the_timetable_totals_hours_and_credits(client, world):
    p = ProgrammeFactory(organisation=world.oulu, published=True)
    for _ in range(3):
        SessionFactory(programme=p)
    SessionFactory(programme=p, kind="follow_up", date=dt.date(2027, 9, 28), hours=Decimal("2"))
    SessionFactory(programme=p, cancelled_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    client.force_login(world.member)
    text = client.get(reverse("programmes:timetable", args=[p.pk])).content.decode()
    assert "3 lähijaksoa, 12 tuntia" in text
    assert "seurantatapaaminen 2 tuntia" in text
    assert "4 op" in text and "1 peruttu" in text


def test_materials_are_uploaded_and_downloaded_by_participants_only(client, world):
    p = ProgrammeFactory(organisation=world.oulu, published=True)
    client.force_login(world.coordinator)
    pdf = SimpleUploadedFile("ohje.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        reverse("programmes:material_new", args=[p.pk]),
        {"title": "Ohje", "session": "", "file": pdf, "url": ""},
    )
    assert response.status_code == 302
    m = Material.objects.get(programme=p)
    url = reverse("programmes:material_download", args=[m.pk])
    assert client.get(url).status_code == 200
    client.force_login(world.member)
    assert client.get(url).status_code == 403
    ParticipantFactory(programme=p, person=world.member, organisation=world.school_a)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(world.nobody)
    assert client.get(url).status_code == 404


def test_a_file_of_the_wrong_type_is_refused_with_a_message(client, world):
    p = ProgrammeFactory(organisation=world.oulu)
    client.force_login(world.coordinator)
    for name, body in (("virus.exe", b"MZ"), ("fake.pdf", b"MZ not a pdf")):
        response = client.post(
            reverse("programmes:material_new", args=[p.pk]),
            {"title": "X", "session": "", "file": SimpleUploadedFile(name, body), "url": ""},
        )
        assert response.status_code == 400
    assert not Material.objects.filter(programme=p).exists()


def test_copy_shifts_every_date(client, world):
    p = ProgrammeFactory(
        organisation=world.oulu,
        applications_open_on=dt.date(2026, 11, 1),
        applications_close_on=dt.date(2026, 12, 15),
    )
    SessionFactory(programme=p, date=dt.date(2027, 1, 11))
    SessionFactory(programme=p, date=dt.date(2027, 2, 8))
    client.force_login(world.coordinator)
    response = client.post(
        reverse("programmes:copy", args=[p.pk]), {"name": "WIRE 5", "starts_on": "2028-01-10"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        copy = Programme.objects.get(name="WIRE 5")
        days = (dt.date(2028, 1, 10) - dt.date(2027, 1, 11)).days
        assert copy.ends_on == dt.date(2027, 5, 28) + dt.timedelta(days=days)
        assert copy.applications_open_on == dt.date(2026, 11, 1) + dt.timedelta(days=days)
        assert [s.date for s in copy.sessions.all()] == [
            dt.date(2028, 1, 10),
            dt.date(2028, 2, 7),
        ]
        assert copy.copied_from == p and copy.status == Programme.Status.DRAFT


def test_a_file_up_to_20_mb_is_taken_and_a_larger_one_gets_a_clear_message(client, world):
    p = ProgrammeFactory(organisation=world.oulu)
    client.force_login(world.coordinator)
    url = reverse("programmes:material_new", args=[p.pk])
    mb = 1024 * 1024
    fits = SimpleUploadedFile("iso.pdf", b"%PDF" + b"0" * (15 * mb))
    assert client.post(url, {"title": "Iso", "file": fits}).status_code == 302
    over = SimpleUploadedFile("liian-iso.pdf", b"%PDF" + b"0" * (20 * mb))
    response = client.post(url, {"title": "Liian iso", "file": over})
    assert response.status_code == 400
    assert "Tiedosto on liian suuri (enintään 20 Mt)." in response.content.decode()
    assert list(Material.objects.filter(programme=p).values_list("title", flat=True)) == ["Iso"]


@pytest.mark.parametrize("role", ["coordinator", "member"])
def test_the_list_and_the_timetable_make_as_many_queries_for_more_programmes(client, world, role):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def grow(n):
        for _ in range(n):
            p = ProgrammeFactory(organisation=world.oulu, published=True)
            s = SessionFactory(programme=p)
            s.trainers.set([world.tutor])
        return p

    client.force_login(getattr(world, role))
    p = grow(2)
    client.get(reverse("programmes:list"))  # the first request of a login writes its session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("programmes:list"))
    with CaptureQueriesContext(connection) as few_sessions:
        client.get(reverse("programmes:timetable", args=[p.pk]))
    grow(8)
    for _ in range(6):
        SessionFactory(programme=p).trainers.set([world.tutor])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("programmes:list"))
    with CaptureQueriesContext(connection) as many_sessions:
        client.get(reverse("programmes:timetable", args=[p.pk]))
    assert len(many) == len(few)
    assert len(many_sessions) == len(few_sessions)


def test_remote_links_are_for_the_programmes_own_people(client, world):
    p = ProgrammeFactory(organisation=world.oulu, published=True)
    SessionFactory(programme=p, remote_url="https://meet.example.fi/salainen")
    url = reverse("programmes:detail", args=[p.pk])
    client.force_login(world.member)
    assert "meet.example.fi/salainen" not in client.get(url).content.decode()
    ParticipantFactory(programme=p, person=world.member, organisation=world.school_a)
    assert "meet.example.fi/salainen" in client.get(url).content.decode()


def test_the_timetable_shows_each_sessions_materials_with_as_many_queries_for_more(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    p = ProgrammeFactory(organisation=world.oulu, published=True)
    p.trainers.set([world.tutor])
    first = SessionFactory(programme=p)
    with scopes_disabled():
        Material.objects.create(programme=p, session=first, title="Diat 1", url="https://e.fi/1")
        Material.objects.create(programme=p, title="Koko koulutus", url="https://e.fi/k")
    client.force_login(world.tutor)
    url = reverse("programmes:timetable", args=[p.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        text = client.get(url).content.decode()
    assert "Diat 1" in text and "Koko koulutus" in text
    for n in range(2, 8):
        s = SessionFactory(programme=p)
        with scopes_disabled():
            Material.objects.create(programme=p, session=s, title=f"Diat {n}", url="https://e.fi/")
    with CaptureQueriesContext(connection) as many:
        text = client.get(url).content.decode()
    assert all(f"Diat {n}" in text for n in range(1, 8))
    assert len(many) == len(few)
