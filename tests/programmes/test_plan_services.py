"""The plan's services (part A): the rules of dates, hours and states, copies, uploaded
files, the calendar feed and the dashboard panel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.programmes.factories import (
    AssignmentFactory,
    AttendanceFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
)
from tutori.core.errors import PermissionDeniedError
from tutori.core.scoping import scopes_disabled
from tutori.programmes.calendar import programme_events
from tutori.programmes.models import FILE_MAX_BYTES, Participant, Programme, Session
from tutori.programmes.selectors.programmes import panel_programmes, timetable
from tutori.programmes.services import programmes as services
from tutori.programmes.services.programmes import FileRefused, PlanError

pytestmark = pytest.mark.django_db
T = dt.time


def _create(world, **extra):
    fields = {
        "name": "WIRE 3",
        "starts_on": dt.date(2027, 1, 11),
        "ends_on": dt.date(2027, 5, 28),
        "themes": ["Työ- ja toimintakyky", "Asiakkaan ohjaus", "Asiakkaan ohjaus", " "],
    }
    fields.update(extra)
    return services.programme_create(by=world.coordinator, organisation=world.oulu, **fields)


def _session(programme, by, **extra):
    fields = {
        "date": dt.date(2027, 1, 11),
        "starts_at": T(12),
        "ends_at": T(16),
        "theme": "Asiakkaan ohjaus",
    }
    fields.update(extra)
    return services.session_create(by=by, programme=programme, **fields)


def test_a_programme_is_created_as_a_draft_with_clean_themes(world):
    p = _create(world, trainers=[world.tutor], steering_group=[world.manager])
    assert p.status == Programme.Status.DRAFT
    assert p.themes == ["Työ- ja toimintakyky", "Asiakkaan ohjaus"]
    assert list(p.trainers.all()) == [world.tutor]


@pytest.mark.parametrize(
    "extra",
    [
        {"ends_on": dt.date(2027, 1, 1)},
        {"applications_open_on": dt.date(2026, 12, 1)},
        {
            "applications_open_on": dt.date(2026, 12, 1),
            "applications_close_on": dt.date(2026, 11, 1),
        },
        {"applications_open_on": dt.date(2027, 5, 1), "applications_close_on": dt.date(2027, 6, 1)},
        {"name": "   "},
        {"themes": [f"Teema {n}" for n in range(30)]},
    ],
)
def test_a_programme_that_makes_no_sense_is_refused(world, extra):
    with pytest.raises(PlanError):
        _create(world, **extra)
    with scopes_disabled():
        assert not Programme.objects.exists()


def test_only_a_coordinator_of_the_organiser_creates(world):
    with pytest.raises(PermissionDeniedError):
        services.programme_create(by=world.manager, organisation=world.school_a, name="X")
    with pytest.raises(PermissionDeniedError):
        services.programme_create(by=world.outsider, organisation=world.oulu, name="X")


def test_trainers_come_from_the_organiser_and_its_network(world):
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    stranger = UserFactory()
    MembershipFactory(user=stranger, organisation=OrganisationFactory(name="Rovaniemi"))
    with pytest.raises(PlanError):
        _create(world, trainers=[stranger])
    # Kemi shares Oulu's network: its coordinator may be in the steering group.
    assert list(_create(world, steering_group=[world.outsider]).steering_group.all()) == [
        world.outsider
    ]


def test_capacity_cannot_go_below_the_enrolled(world):
    p = _create(world, capacity=10)
    with scopes_disabled():
        Programme.objects.filter(pk=p.pk).update(enrolled=5)
    p.refresh_from_db()
    with pytest.raises(PlanError):
        services.programme_update(by=world.coordinator, programme=p, capacity=4)
    services.programme_update(by=world.coordinator, programme=p, capacity=5)


def test_the_period_cannot_leave_a_session_outside(world):
    p = _create(world)
    _session(p, world.coordinator, date=dt.date(2027, 5, 20))
    with pytest.raises(PlanError, match=r"20\.5\.2027"):
        services.programme_update(by=world.coordinator, programme=p, ends_on=dt.date(2027, 5, 1))


def test_session_hours_default_to_its_length_and_never_exceed_it(world):
    p = _create(world)
    assert _session(p, world.coordinator, starts_at=T(9), ends_at=T(12, 30)).hours == Decimal(
        "3.50"
    )
    assert _session(p, world.coordinator, hours=Decimal("3")).hours == Decimal("3")
    with pytest.raises(PlanError):
        _session(p, world.coordinator, hours=Decimal("5"))
    with pytest.raises(PlanError):
        _session(p, world.coordinator, starts_at=T(16), ends_at=T(12))


@pytest.mark.parametrize(
    "extra",
    [
        {"date": dt.date(2026, 12, 31)},
        {"date": dt.date(2027, 6, 1)},
        {"theme": "Tuntematon teema"},
        {"kind": Session.Kind.FOLLOW_UP, "date": dt.date(2027, 3, 1)},
    ],
)
def test_a_session_outside_the_plan_is_refused(world, extra):
    p = _create(world)
    with pytest.raises(PlanError):
        _session(p, world.coordinator, **extra)


def test_a_follow_up_meeting_comes_after_the_end(world):
    p = _create(world)
    s = _session(p, world.coordinator, kind=Session.Kind.FOLLOW_UP, date=dt.date(2027, 9, 28))
    _session(p, world.coordinator)
    table = timetable(programme=p)
    assert s.kind == Session.Kind.FOLLOW_UP
    assert table.meetings == 1 and table.hours == Decimal("4")
    assert table.follow_up_hours == Decimal("4")


def test_a_session_with_attendance_is_cancelled_not_deleted(world):
    p = _create(world)
    s = _session(p, world.coordinator)
    AttendanceFactory(session=s, participant=ParticipantFactory(programme=p))
    with pytest.raises(PlanError):
        services.session_delete(by=world.coordinator, session=s)
    services.session_cancel(by=world.coordinator, session=s, reason="Kouluttaja sairastui")
    s.refresh_from_db()
    assert s.is_cancelled and timetable(programme=p).cancelled == 1
    with pytest.raises(PlanError):
        services.session_update(
            by=world.coordinator, session=s, date=s.date, starts_at=T(12), ends_at=T(16)
        )


def test_publishing_needs_dates_and_a_session(world):
    p = _create(world)
    with pytest.raises(PlanError):
        services.programme_publish(by=world.coordinator, programme=p)
    _session(p, world.coordinator)
    assert services.programme_publish(by=world.coordinator, programme=p).status == "published"
    with pytest.raises(PlanError):
        services.programme_publish(by=world.coordinator, programme=p)


def test_a_programme_with_applicants_does_not_go_back_to_a_draft(world):
    p = _create(world)
    _session(p, world.coordinator)
    services.programme_publish(by=world.coordinator, programme=p)
    ParticipantFactory(programme=p, status=Participant.Status.APPLIED)
    with pytest.raises(PlanError):
        services.programme_unpublish(by=world.coordinator, programme=p)


def test_cancelling_a_programme_cancels_its_sessions_and_stops_changes(world):
    p = _create(world)
    _session(p, world.coordinator)
    services.programme_cancel(by=world.coordinator, programme=p)
    with scopes_disabled():
        assert all(s.is_cancelled for s in Session.objects.filter(programme=p))
    p.refresh_from_db()
    with pytest.raises(PlanError):
        services.programme_update(by=world.coordinator, programme=p, name="Uusi")
    with pytest.raises(PlanError):
        _session(p, world.coordinator)


def test_a_copy_shifts_every_date_and_leaves_the_people(world):
    p = _create(
        world,
        applications_open_on=dt.date(2026, 11, 2),
        applications_close_on=dt.date(2026, 12, 14),
        trainers=[world.tutor],
    )
    s = _session(p, world.coordinator, trainers=[world.tutor])
    cancelled = _session(p, world.coordinator, date=dt.date(2027, 2, 1))
    services.session_cancel(by=world.coordinator, session=cancelled)
    AssignmentFactory(programme=p, session=s, due_on=dt.date(2027, 1, 25))
    ParticipantFactory(programme=p)
    services.material_add(
        by=world.coordinator, programme=p, title="Linkki", url="https://example.fi"
    )
    copy = services.programme_copy(
        by=world.coordinator, programme=p, starts_on=dt.date(2028, 1, 10), name="WIRE 4"
    )
    days = 364
    with scopes_disabled():
        assert copy.name == "WIRE 4" and copy.status == "draft" and copy.enrolled == 0
        assert copy.ends_on == dt.date(2027, 5, 28) + dt.timedelta(days=days)
        assert copy.applications_close_on == dt.date(2026, 12, 14) + dt.timedelta(days=days)
        sessions = list(copy.sessions.all())
        assert [x.date for x in sessions] == [dt.date(2028, 1, 10)]
        assert list(sessions[0].trainers.all()) == [world.tutor]
        assignment = copy.assignments.get()
        assert assignment.session == sessions[0] and assignment.due_on == dt.date(2028, 1, 24)
        assert copy.materials.count() == 1
        assert not copy.participants.exists()
        assert list(copy.trainers.all()) == [world.tutor]


def test_files_are_checked_by_type_content_and_size(world):
    ok = SimpleUploadedFile("muistio.txt", "Ääkköset toimivat".encode())
    services.check_upload(ok)
    for bad in (
        SimpleUploadedFile("ohjelma.exe", b"MZ..."),
        SimpleUploadedFile("vale.pdf", b"<html>"),
        SimpleUploadedFile("kuva.png", b"\xff\xd8\xff"),
        SimpleUploadedFile("binaari.txt", b"\x00\xff\xfe" * 50),
    ):
        with pytest.raises(FileRefused):
            services.check_upload(bad)
    big = SimpleUploadedFile("iso.pdf", b"%PDF" + b"0" * 10)
    big.size = FILE_MAX_BYTES + 1
    with pytest.raises(FileRefused, match="20 Mt"):
        services.check_upload(big)


def test_a_material_is_a_file_or_a_link_of_a_trainer_or_coordinator(world):
    p = _create(world, trainers=[world.tutor])
    with pytest.raises(PlanError):
        services.material_add(by=world.tutor, programme=p, title="Tyhjä")
    pdf = SimpleUploadedFile("ohje.pdf", b"%PDF-1.4")
    m = services.material_add(by=world.tutor, programme=p, title="Ohje", file=pdf)
    assert m.file.name.endswith(".pdf")
    with pytest.raises(PermissionDeniedError):
        services.material_add(by=world.member, programme=p, title="X", url="https://example.fi")


def test_the_calendar_holds_the_sessions_of_ones_own_programmes(world):
    p = ProgrammeFactory(organisation=world.oulu, published=True)
    p.trainers.set([world.tutor])
    p.steering_group.set([world.manager])
    s = SessionFactory(programme=p, date=dt.date(2027, 1, 11))
    SessionFactory(programme=p, date=dt.date(2027, 1, 18), cancelled_at=timezone.now())
    ParticipantFactory(programme=p, person=world.member, organisation=world.school_a)
    ParticipantFactory(
        programme=p, person=world.coach, organisation=world.school_a, status="applied"
    )
    draft = ProgrammeFactory(organisation=world.oulu)
    draft.trainers.set([world.tutor])
    SessionFactory(programme=draft)
    since = timezone.make_aware(dt.datetime(2026, 1, 1))
    for person in (world.member, world.tutor, world.manager):
        events = list(programme_events(person, since))
        assert [e.status for e in events] == ["CONFIRMED", "CANCELLED"], person
        assert events[0].uid == f"programme-session-{s.pk}"
        assert events[0].starts_at == timezone.make_aware(dt.datetime(2027, 1, 11, 12))
    assert list(programme_events(world.coach, since)) == []


def test_the_panel_shows_the_coordinators_programmes_and_open_applications(world):
    today = timezone.localdate()
    ProgrammeFactory(organisation=world.oulu, name="Oma", ends_on=today + dt.timedelta(days=60))
    ProgrammeFactory(
        organisation=world.oulu,
        name="Avoin",
        published=True,
        starts_on=today + dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=90),
        applications_open_on=today,
        applications_close_on=today + dt.timedelta(days=7),
    )
    panel = panel_programmes(user=world.coordinator)
    assert panel is not None
    assert {p.name for p in panel["current"]} == {"Oma", "Avoin"}
    member_panel = panel_programmes(user=world.member)
    assert member_panel is not None and [p.name for p in member_panel["open"]] == ["Avoin"]
    assert panel_programmes(user=world.nobody) is None


def test_a_session_across_the_clock_change_is_refused_with_a_message(world):
    p = _create(world)
    with pytest.raises(PlanError, match="Kellot siirtyvät"):
        _session(p, world.coordinator, date=dt.date(2027, 3, 28), starts_at=T(2), ends_at=T(5))


def test_cancelling_a_coming_session_tells_its_participants_and_trainers(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    p = ProgrammeFactory(
        organisation=world.oulu,
        published=True,
        starts_on=today,
        ends_on=today + dt.timedelta(days=60),
    )
    p.trainers.set([world.tutor])
    s = SessionFactory(programme=p, date=today + dt.timedelta(days=7), title="Aloitus")
    ParticipantFactory(programme=p, person=world.member, organisation=world.school_a)
    ParticipantFactory(
        programme=p, person=world.coach, organisation=world.school_a, status="applied"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(by=world.coordinator, session=s, reason="Kouluttaja sairastui")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.member.email, world.tutor.email])
    body = mailoutbox[0].body
    assert "Kouluttaja sairastui" in body and "Aloitus" in body
    assert mailoutbox[0].subject == f"Tapaaminen peruttu: {p.name}"


def test_a_draft_or_past_session_is_cancelled_without_mail(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    draft = _create(world)
    ParticipantFactory(programme=draft, person=world.member, organisation=world.school_a)
    session = _session(draft, world.coordinator)
    past = ProgrammeFactory(organisation=world.oulu, published=True)
    old = SessionFactory(programme=past, date=timezone.localdate() - dt.timedelta(days=1))
    ParticipantFactory(programme=past, person=world.member, organisation=world.school_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(by=world.coordinator, session=session)
        services.session_cancel(by=world.coordinator, session=old)
    assert mailoutbox == []


def test_a_session_is_hosted_and_trained_by_the_organiser_and_its_network(world):
    from tests.factories import MembershipFactory, OrganisationFactory

    p = _create(world)
    rovaniemi = OrganisationFactory(name="Rovaniemi")
    stranger = MembershipFactory(organisation=rovaniemi).user
    with pytest.raises(PlanError):
        _session(p, world.coordinator, host=rovaniemi)
    with pytest.raises(PlanError):
        _session(p, world.coordinator, trainers=[stranger])
    s = _session(p, world.coordinator, host=world.school_k, trainers=[world.outsider])
    assert s.host == world.school_k and list(s.trainers.all()) == [world.outsider]
