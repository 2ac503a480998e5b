"""The completion rule, confirming (certificate code, granted role, mail), leaving (the place
is released), the follow-up invitation and the certificate PDF."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from pypdf import PdfReader

from tests.programmes.factories import (
    AssignmentFactory,
    AttendanceFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
)
from tutori.core.errors import PermissionDeniedError
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Membership, Role
from tutori.programmes import certificate
from tutori.programmes.models import (
    Attendance,
    LeaveReason,
    Participant,
    Programme,
    Session,
    Submission,
)
from tutori.programmes.services import completion
from tutori.programmes.services.completion import CompletionRefused

pytestmark = pytest.mark.django_db
AFTER = dt.date(2027, 12, 31)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    return lambda: django_capture_on_commit_callbacks(execute=True)


def programme_with(world, *, meetings=4, min_sessions=None, assignments=False, **kw):
    programme = ProgrammeFactory(
        organisation=world.oulu,
        published=True,
        completion_min_sessions=min_sessions,
        completion_all_assignments=assignments,
        enrolled=1,
        **kw,
    )
    sessions = [SessionFactory(programme=programme) for _ in range(meetings)]
    return programme, sessions


def teacher(world, programme):
    return ParticipantFactory(programme=programme, person=world.member, organisation=world.school_a)


def attend(participant, sessions, status=Attendance.Status.PRESENT, hours=Decimal("4")):
    for s in sessions:
        AttendanceFactory(session=s, participant=participant, status=status, hours=hours)


def progress_of(programme, participant):
    return completion.evaluate(programme, [participant], today=AFTER)[0]


# --- The rule -------------------------------------------------------------------------------


def test_all_sessions_required_when_no_minimum(world):
    programme, sessions = programme_with(world)
    p = teacher(world, programme)
    attend(p, sessions[:3])
    row = progress_of(programme, p)
    assert (row.attended, row.required, row.meets) == (3, 4, False)
    assert row.reasons[0] == "Läsnä 3 lähijaksossa, vaaditaan 4 (puuttuu 1)."
    attend(p, sessions[3:])
    assert progress_of(programme, p).meets


def test_at_least_n_of_the_sessions(world):
    programme, sessions = programme_with(world, meetings=10, min_sessions=8)
    p = teacher(world, programme)
    attend(p, sessions[:7])
    assert not progress_of(programme, p).meets
    attend(p, sessions[7:8])
    row = progress_of(programme, p)
    assert row.meets and row.hours == Decimal("32")


def test_cancelled_sessions_do_not_count_nor_are_required(world):
    programme, sessions = programme_with(world)
    p = teacher(world, programme)
    attend(p, sessions[:3])
    with scopes_disabled():
        Session.objects.filter(pk=sessions[3].pk).update(
            cancelled_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
        )
    row = progress_of(programme, p)
    assert (row.counted, row.required, row.attended, row.meets) == (3, 3, 3, True)


def test_attendance_of_a_cancelled_session_is_not_counted(world):
    programme, sessions = programme_with(world, meetings=2, min_sessions=2)
    p = teacher(world, programme)
    attend(p, sessions)
    with scopes_disabled():
        Session.objects.filter(pk=sessions[1].pk).update(
            cancelled_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
        )
    row = progress_of(programme, p)
    assert (row.attended, row.hours, row.meets) == (1, Decimal("4"), False)


def test_a_follow_up_meeting_neither_counts_nor_is_required(world):
    programme, sessions = programme_with(world, meetings=2)
    follow_up = SessionFactory(
        programme=programme, kind=Session.Kind.FOLLOW_UP, date=dt.date(2027, 9, 20)
    )
    p = teacher(world, programme)
    attend(p, sessions)
    assert progress_of(programme, p).meets
    attend(p, [follow_up])
    row = progress_of(programme, p)
    assert (row.counted, row.attended, row.hours) == (2, 2, Decimal("8"))


def test_absent_does_not_count_partial_counts_with_its_hours(world):
    programme, sessions = programme_with(world, meetings=3, min_sessions=2)
    p = teacher(world, programme)
    attend(p, sessions[:1], Attendance.Status.ABSENT, Decimal("0"))
    attend(p, sessions[1:2], Attendance.Status.PARTIAL, Decimal("1.5"))
    attend(p, sessions[2:], Attendance.Status.PRESENT, Decimal("0"))  # hours left to the session
    row = progress_of(programme, p)
    assert (row.attended, row.hours, row.meets) == (2, Decimal("5.5"), True)


def test_every_assignment_accepted_when_required(world):
    programme, sessions = programme_with(world, meetings=1, assignments=True)
    first, second = AssignmentFactory(programme=programme), AssignmentFactory(programme=programme)
    p = teacher(world, programme)
    attend(p, sessions)
    Submission.objects.create(assignment=first, participant=p, status=Submission.Status.ACCEPTED)
    Submission.objects.create(assignment=second, participant=p, status=Submission.Status.SUBMITTED)
    row = progress_of(programme, p)
    assert not row.meets and row.missing == [second.title]
    assert second.title in row.reasons[0]
    Submission.objects.filter(assignment=second).update(status=Submission.Status.ACCEPTED)
    assert progress_of(programme, p).meets


def test_assignments_ignored_when_not_required(world):
    programme, sessions = programme_with(world, meetings=1, assignments=False)
    AssignmentFactory(programme=programme)
    p = teacher(world, programme)
    attend(p, sessions)
    assert progress_of(programme, p).meets


def test_evaluation_is_a_constant_number_of_queries(world, django_assert_max_num_queries):
    programme, sessions = programme_with(world, meetings=4, assignments=True)
    AssignmentFactory(programme=programme)
    for _ in range(6):
        attend(ParticipantFactory(programme=programme), sessions)
    with django_assert_max_num_queries(5):
        rows = completion.evaluate(programme, today=AFTER)
    assert len(rows) == 6


# --- Confirming -----------------------------------------------------------------------------


def test_confirming_completes_grants_the_role_and_tells_the_person(world, commit):
    programme, sessions = programme_with(world, meetings=2, grants_role=Role.TUTOR, badge="Tutor")
    p = teacher(world, programme)
    attend(p, sessions)
    with commit():
        completion.confirm(programme=programme, participant_ids=[p.pk], by=world.coordinator)
    with scopes_disabled():
        p = Participant.objects.get(pk=p.pk)
        roles = set(
            Membership.objects.active()
            .filter(user=world.member, organisation=world.school_a)
            .values_list("role", flat=True)
        )
    assert p.status == Participant.Status.COMPLETED and p.completed_at is not None
    assert p.certificate_code and p.completion_confirmed_by == world.coordinator
    assert roles == {Role.TUTOR}  # the teacher (a member) is now a tutor there
    assert [m.to for m in mail.outbox] == [[world.member.email]]
    assert p.certificate_code in mail.outbox[0].body
    with scopes_disabled():
        assert Programme.objects.get(pk=programme.pk).enrolled == 1  # still holds a place


def test_a_stronger_role_is_kept(world):
    programme, sessions = programme_with(world, meetings=1, grants_role=Role.MEMBER)
    p = ParticipantFactory(programme=programme, person=world.manager, organisation=world.school_a)
    attend(p, sessions)
    completion.confirm(programme=programme, participant_ids=[p.pk], by=world.coordinator)
    with scopes_disabled():
        roles = set(
            Membership.objects.active()
            .filter(user=world.manager, organisation=world.school_a)
            .values_list("role", flat=True)
        )
    assert roles == {Role.MANAGER}


def test_a_person_without_a_role_there_gets_one(world):
    programme, sessions = programme_with(world, meetings=1, grants_role=Role.TUTOR)
    p = ParticipantFactory(programme=programme, person=world.nobody, organisation=world.school_b)
    attend(p, sessions)
    completion.confirm(programme=programme, participant_ids=[p.pk], by=world.coordinator)
    with scopes_disabled():
        assert Membership.objects.active().get(user=world.nobody).role == Role.TUTOR


def test_nothing_is_saved_when_one_of_the_chosen_does_not_meet_the_rule(world):
    programme, sessions = programme_with(world, meetings=2)
    ready, short = teacher(world, programme), ParticipantFactory(programme=programme)
    attend(ready, sessions)
    attend(short, sessions[:1])
    with pytest.raises(CompletionRefused) as caught:
        completion.confirm(
            programme=programme, participant_ids=[ready.pk, short.pk], by=world.coordinator
        )
    assert caught.value.code == "rule"
    with scopes_disabled():
        assert not Participant.objects.filter(status=Participant.Status.COMPLETED).exists()
    assert mail.outbox == []


def test_only_enrolled_participants_are_confirmed(world):
    programme, sessions = programme_with(world, meetings=1)
    p = teacher(world, programme)
    attend(p, sessions)
    with scopes_disabled():
        Participant.objects.filter(pk=p.pk).update(
            status=Participant.Status.LEFT, leave_reason="other"
        )
    with pytest.raises(CompletionRefused):
        completion.confirm(programme=programme, participant_ids=[p.pk], by=world.coordinator)


def test_a_cancelled_programme_confirms_nothing(world):
    programme, sessions = programme_with(world, meetings=1)
    p = teacher(world, programme)
    attend(p, sessions)
    with scopes_disabled():
        Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.CANCELLED)
    programme.refresh_from_db()
    with pytest.raises(CompletionRefused) as caught:
        completion.confirm(programme=programme, participant_ids=[p.pk], by=world.coordinator)
    assert caught.value.code == "status"


def test_a_trainer_may_not_confirm(world):
    programme, sessions = programme_with(world, meetings=1)
    programme.trainers.add(world.tutor)
    p = teacher(world, programme)
    attend(p, sessions)
    with pytest.raises(PermissionDeniedError):
        completion.confirm(programme=programme, participant_ids=[p.pk], by=world.tutor)


# --- Leaving --------------------------------------------------------------------------------


def test_leaving_releases_the_place_with_its_reason(world):
    programme, _sessions = programme_with(world, meetings=1)
    p = teacher(world, programme)
    completion.leave(participant=p, by=world.member, reason=LeaveReason.NO_TIME, note=" Kiire ")
    with scopes_disabled():
        p = Participant.objects.get(pk=p.pk)
        assert Programme.objects.get(pk=programme.pk).enrolled == 0
    assert (p.status, p.leave_reason, p.leave_note) == ("left", "no_time", "Kiire")
    with pytest.raises(CompletionRefused):
        completion.leave(participant=p, by=world.member, reason=LeaveReason.NO_TIME)


def test_the_person_is_told_when_the_coordinator_records_leaving(world, commit):
    programme, _sessions = programme_with(world, meetings=1)
    p = teacher(world, programme)
    with commit():
        completion.leave(participant=p, by=world.coordinator, reason=LeaveReason.MOVED)
    assert [m.to for m in mail.outbox] == [[world.member.email]]
    assert "siirtyi muihin tehtäviin" in mail.outbox[0].body


def test_leaving_oneself_sends_no_mail(world, commit):
    programme, _sessions = programme_with(world, meetings=1)
    p = teacher(world, programme)
    with commit():
        completion.leave(participant=p, by=world.member, reason=LeaveReason.MOVED)
    assert mail.outbox == []


def test_leaving_needs_a_known_reason_and_the_right(world):
    programme, _sessions = programme_with(world, meetings=1)
    p = teacher(world, programme)
    with pytest.raises(CompletionRefused):
        completion.leave(participant=p, by=world.member, reason="bored")
    with pytest.raises(PermissionDeniedError):
        completion.leave(participant=p, by=world.tutor, reason=LeaveReason.OTHER)


# --- Follow-up ------------------------------------------------------------------------------


def test_follow_up_invites_everyone_who_was_enrolled_and_the_steering_group(world, commit):
    programme, _sessions = programme_with(world, meetings=1)
    programme.steering_group.add(world.manager)
    teacher(world, programme)
    done = ParticipantFactory(programme=programme, status=Participant.Status.COMPLETED)
    ParticipantFactory(programme=programme, status=Participant.Status.APPLIED)
    follow_up = SessionFactory(programme=programme, kind=Session.Kind.FOLLOW_UP)
    with commit():
        assert completion.invite_follow_up(session=follow_up, by=world.coordinator) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.member.email, done.person.email, world.manager.email]
    )
    assert any(a[0].endswith(".ics") for a in mail.outbox[0].attachments)


def test_only_a_follow_up_meeting_is_invited_to(world):
    programme, sessions = programme_with(world, meetings=1)
    teacher(world, programme)
    with pytest.raises(CompletionRefused):
        completion.invite_follow_up(session=sessions[0], by=world.coordinator)


# --- The certificate ------------------------------------------------------------------------


def test_the_certificate_pdf_names_the_person_hours_and_credits(world):
    programme, sessions = programme_with(
        world, meetings=3, credits=Decimal("4.5"), name="WIRE 3 -työvalmentajakoulutus"
    )
    p = teacher(world, programme)
    attend(p, sessions[:2])
    attend(p, sessions[2:], Attendance.Status.PARTIAL, Decimal("2.5"))
    completion.confirm(programme=programme, participant_ids=[p.pk], by=world.coordinator)
    with scopes_disabled():
        p = Participant.objects.select_related("programme__organisation", "person").get(pk=p.pk)
    pdf = certificate.render_pdf(p, completion.hours_of(p))
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert world.member.display_name in text
    assert "10,5" in text and "tuntia" in text
    assert "4,5" in text and "op" in text
    assert "WIRE 3" in text and "Oulu" in text
    assert "11.1.–28.5.2027" in text
    assert p.certificate_code in text


def test_finnish_date_ranges():
    assert (
        certificate.finnish_date_range(dt.date(2027, 1, 11), dt.date(2027, 5, 28))
        == "11.1.–28.5.2027"
    )
    assert (
        certificate.finnish_date_range(dt.date(2026, 12, 1), dt.date(2027, 5, 28))
        == "1.12.2026–28.5.2027"
    )
    assert certificate.number(Decimal("4.0")) == "4"
