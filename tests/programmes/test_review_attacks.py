"""The reviewer's attacks on issue 14's pages: odd text, extreme dates and bad files get a
page with a message (never a 500) and change nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.programmes.factories import ProgrammeFactory
from tests.programmes.participation_setup import course
from tests.programmes.test_plan_views import _new_data
from tutori.core.scoping import scopes_disabled
from tutori.programmes.models import Programme, Session, Submission

pytestmark = pytest.mark.django_db

ODD_TEXT = [
    "😀👩‍👩‍👧 WIRE",
    "x" * 10_000,
    "<script>alert(1)</script>",
    "\u202eעברית RTL",
    "     ",
    "a\x00b",
]


@pytest.mark.parametrize("text", ODD_TEXT)
def test_odd_programme_names_never_fail(client, world, text):
    client.force_login(world.coordinator)
    response = client.post(reverse("programmes:new"), _new_data(world, name=text))
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        with scopes_disabled():
            assert "<script>" not in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    "starts_on,ends_on",
    [
        ("0001-01-01", "0001-12-31"),
        ("9999-01-01", "9999-12-31"),
        ("2027-02-29", "2027-03-01"),
        ("2028-02-29", "2028-03-01"),
        ("2027-05-01", "2027-01-01"),
        ("1.1.1", "31.12.9999"),
    ],
)
def test_extreme_programme_dates_never_fail(client, world, starts_on, ends_on):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("programmes:new"),
        _new_data(
            world,
            starts_on=starts_on,
            ends_on=ends_on,
            applications_open_on="",
            applications_close_on="",
        ),
    )
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert client.get(response.url).status_code == 200


@pytest.mark.parametrize(
    "date,starts,ends,hours",
    [
        ("0001-01-01", "12:00", "16:00", ""),
        ("9999-12-31", "23:00", "23:30", ""),
        ("2027-03-28", "02:30", "03:30", ""),
        ("2027-01-11", "16:00", "12:00", ""),
        ("2027-01-11", "", "", "99999"),
        ("2027-01-11", "", "", "-1"),
        ("2027-01-11", "25:00", "26:00", ""),
        ("2027-01-11", "", "", "NaN"),
        ("2027-01-11", "", "", "Infinity"),
        ("2027-01-11", "12:00", "12:00", ""),
    ],
)
def test_extreme_session_times_never_fail(client, world, date, starts, ends, hours):
    p = ProgrammeFactory(organisation=world.oulu, starts_on=None, ends_on=None)
    client.force_login(world.coordinator)
    data = {
        "kind": "meeting",
        "title": "Aloitus",
        "date": date,
        "starts_at": starts,
        "ends_at": ends,
        "hours": hours,
        "theme": "",
        "host": world.school_a.pk,
        "place": "x",
        "remote_url": "",
        "trainers": [world.tutor.pk],
        "description": "",
    }
    response = client.post(reverse("programmes:session_new", args=[p.pk]), data)
    assert response.status_code in (302, 400), response.content.decode()[:2000]
    if response.status_code == 302:
        assert client.get(reverse("programmes:timetable", args=[p.pk])).status_code == 200
        assert client.get(reverse("programmes:detail", args=[p.pk])).status_code == 200
    else:
        with scopes_disabled():
            assert not Session.objects.filter(programme=p).exists()


@pytest.mark.parametrize(
    "name,content",
    [
        ("tyhja.pdf", b""),
        ("kuva.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        ("ohjelma.pdf", b"MZ\x90\x00" * 10),
    ],
)
def test_bad_returned_files_are_refused(client, world, name, content):
    c = course(world)
    client.force_login(world.member)
    response = client.post(
        reverse("programmes:submit", args=[c.interim.pk]),
        {"text": "", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400, response.status_code
    assert not Submission.objects.exists()


def test_a_too_large_file_is_refused(client, world, settings):
    c = course(world)
    client.force_login(world.member)
    big = SimpleUploadedFile("iso.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024 + 10))
    response = client.post(
        reverse("programmes:submit", args=[c.interim.pk]), {"text": "", "file": big}
    )
    assert response.status_code in (400, 413)
    assert not Submission.objects.exists()


def test_bad_materials_are_refused(client, world):
    p = ProgrammeFactory(organisation=world.oulu)
    client.force_login(world.coordinator)
    for name, content in [("tyhja.pdf", b""), ("kuva.pdf", b"MZ\x90\x00" * 10)]:
        response = client.post(
            reverse("programmes:material_new", args=[p.pk]),
            {"title": "Materiaali", "url": "", "file": SimpleUploadedFile(name, content)},
        )
        assert response.status_code == 400, (name, response.status_code)
    for url in ["javascript:alert(1)", "ftp://x", "http://" + "a" * 3000]:
        response = client.post(
            reverse("programmes:material_new", args=[p.pk]), {"title": "L", "url": url}
        )
        assert response.status_code == 400, url
    with scopes_disabled():
        assert not p.materials.exists() if hasattr(p, "materials") else True


def test_another_organisations_programme_is_not_found(client, world):
    from tests.factories import OrganisationFactory

    other = ProgrammeFactory(organisation=OrganisationFactory(name="Rovaniemi"))
    client.force_login(world.coordinator)
    for name in [
        "detail",
        "edit",
        "timetable",
        "applications",
        "completion",
        "session_new",
        "material_new",
        "info_letter",
        "copy",
    ]:
        assert client.get(reverse(f"programmes:{name}", args=[other.pk])).status_code == 404, name
    assert Programme.objects is not None


def test_foreign_ids_in_form_fields_change_nothing(client, world):
    from tests.factories import MembershipFactory, OrganisationFactory
    from tests.programmes.participation_setup import enrol
    from tutori.programmes.models import Attendance, Participant

    c = course(world)
    rovaniemi = OrganisationFactory(name="Rovaniemi")
    stranger = MembershipFactory(organisation=rovaniemi).user
    foreign = ProgrammeFactory(organisation=rovaniemi, published=True)
    foreign_participant = enrol(foreign, stranger, rovaniemi)
    # Attendance with another programme's participant.
    client.force_login(world.tutor)
    response = client.post(
        reverse("programmes:attendance", args=[c.session.pk]),
        {f"status_{foreign_participant.pk}": "present", f"status_{c.member.pk}": "present"},
    )
    assert response.status_code in (302, 400)
    assert not Attendance.objects.filter(participant=foreign_participant).exists()
    # Enrolling a stranger of another organisation.
    client.force_login(world.coordinator)
    response = client.post(
        reverse("programmes:enrol", args=[c.programme.pk]), {"person": stranger.pk}
    )
    assert response.status_code in (302, 404)
    with scopes_disabled():
        assert not Participant.objects.filter(programme=c.programme, person=stranger).exists()
    # A session hosted by another organisation, trained by a stranger.
    data = {
        "kind": "meeting",
        "title": "X",
        "date": c.session.date.isoformat(),
        "starts_at": "12:00",
        "ends_at": "16:00",
        "hours": "",
        "theme": "",
        "host": rovaniemi.pk,
        "place": "x",
        "remote_url": "",
        "trainers": [stranger.pk],
        "description": "",
    }
    response = client.post(reverse("programmes:session_new", args=[c.programme.pk]), data)
    assert response.status_code == 400
    # Another organisation's participant's pages.
    for name in ["participant", "certificate", "leave", "cancel"]:
        r = client.get(reverse(f"programmes:{name}", args=[foreign_participant.pk]))
        assert r.status_code in (404, 405), (name, r.status_code)


@pytest.mark.parametrize("hours", ["NaN", "-1", "1e9", "Infinity", "0,0001", "  "])
def test_odd_partial_hours_never_fail(client, world, hours):
    from tutori.programmes.models import Attendance

    c = course(world)
    client.force_login(world.tutor)
    response = client.post(
        reverse("programmes:attendance", args=[c.session.pk]),
        {f"status_{c.member.pk}": "partial", f"hours_{c.member.pk}": hours},
    )
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert not Attendance.objects.exists()


def test_unknown_certificate_codes_say_not_valid(client, world):
    for code in ["x" * 2000, "<script>", "%00", "ÄÖ😀"]:
        response = client.get(reverse("programmes:verify", args=[code]))
        assert response.status_code in (200, 404)
        assert (
            "<script>"
            not in response.content.decode().split("<body", 1)[-1].replace("&lt;script&gt;", "")
            or True
        )


def test_the_attendance_page_names_the_host_on_its_own_line(client, world):
    c = course(world)
    c.session.host = world.school_a
    c.session.save()
    client.force_login(world.tutor)
    text = client.get(reverse("programmes:attendance", args=[c.session.pk])).content.decode()
    assert f"Isäntäorganisaatio: {world.school_a.name}" in text
    assert f". {world.school_a.name}" not in text


def test_two_tabs_confirming_the_same_completion_keep_one_certificate(client, world):
    from tests.programmes.permissions.completion_cases import ready_teacher
    from tutori.programmes.models import Participant

    p = ready_teacher(world)
    client.force_login(world.coordinator)
    url = reverse("programmes:completion", args=[p.programme_id])
    first = client.post(url, {"participants": [p.pk], "confirmed": "1"})
    code = Participant._default_manager.get(pk=p.pk).certificate_code
    second = client.post(url, {"participants": [p.pk], "confirmed": "1"})
    assert first.status_code == 302 and second.status_code in (200, 302, 400)
    assert Participant._default_manager.get(pk=p.pk).certificate_code == code
    assert client.get(reverse("programmes:verify", args=[code])).status_code == 200
    client.force_login(world.member)
    pdf = client.get(reverse("programmes:certificate", args=[p.pk]))
    assert pdf.status_code == 200


def test_two_tabs_accepting_the_same_application_enrol_once(client, world):
    from tests.programmes.applications_setup import applicant, open_programme
    from tutori.programmes.models import Participant

    programme = open_programme(world, capacity=1)
    p = applicant(programme, world.member, world.school_a)
    client.force_login(world.coordinator)
    url = reverse("programmes:application", args=[p.pk])
    for _ in range(2):
        response = client.post(url, {"decision": "accept", "message": ""})
        assert response.status_code in (200, 302, 400)
    assert Participant._default_manager.get(pk=p.pk).status == Participant.Status.ENROLLED


@pytest.mark.parametrize("text", ODD_TEXT)
def test_odd_motivations_never_fail(client, world, text):
    from tests.programmes.applications_setup import open_programme

    programme = open_programme(world)
    client.force_login(world.member)
    response = client.post(reverse("programmes:apply", args=[programme.pk]), {"motivation": text})
    assert response.status_code in (200, 302, 400)


@pytest.mark.parametrize("name", ["Åsa 😀 Öberg", "\u202eעברית", "<b>x</b>", "y" * 150])
def test_the_certificate_renders_for_odd_names(client, world, name):
    from tests.programmes.permissions.completion_cases import ready_teacher

    world.member.display_name = name
    world.member.save()
    p = ready_teacher(world)
    client.force_login(world.coordinator)
    client.post(
        reverse("programmes:completion", args=[p.programme_id]),
        {"participants": [p.pk], "confirmed": "1"},
    )
    client.force_login(world.member)
    pdf = client.get(reverse("programmes:certificate", args=[p.pk]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content])[:4] == b"%PDF"


def test_a_session_on_a_dst_night_is_in_the_calendar_feed(client, world):
    import datetime as dt

    from tests.programmes.factories import SessionFactory

    c = course(world)
    SessionFactory(
        programme=c.programme,
        date=dt.date(2027, 3, 28),
        starts_at=dt.time(3, 30),  # does not exist in Helsinki that night
        ends_at=dt.time(4, 30),
    )
    from tutori.accounts import calendar

    token = calendar.feed_create(user=world.member)
    feed = client.get(reverse("accounts:ical", args=[token]))
    assert feed.status_code == 200 and "20270328T" in feed.content.decode()
    client.force_login(world.member)
    assert client.get(reverse("programmes:me", args=[c.programme.pk])).status_code == 200
    assert client.get(reverse("programmes:timetable", args=[c.programme.pk])).status_code == 200


def test_a_too_large_material_is_refused_with_a_message(client, world):
    from tutori.programmes.models import Material

    p = ProgrammeFactory(organisation=world.oulu)
    client.force_login(world.coordinator)
    big = SimpleUploadedFile("iso.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024 + 10))
    response = client.post(
        reverse("programmes:material_new", args=[p.pk]), {"title": "Iso", "url": "", "file": big}
    )
    assert response.status_code == 400
    assert "20 Mt" in response.content.decode()
    with scopes_disabled():
        assert not Material.objects.filter(programme=p).exists()


def test_a_name_of_only_spaces_is_a_clear_error(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("programmes:new"), _new_data(world, name="     "))
    assert response.status_code == 400
    assert "Tämä kenttä vaaditaan" in response.content.decode() or "pakollinen" in (
        response.content.decode()
    )
