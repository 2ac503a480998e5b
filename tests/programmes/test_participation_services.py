"""Participation services: the info letter once, assignments, goals and case notes,
returning and reviewing assignments, attendance with hours within the session's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.programmes.participation_setup import course, submitted
from tutori.core.errors import PermissionDeniedError
from tutori.programmes.models import (
    FILE_MAX_BYTES,
    Assignment,
    Attendance,
    CaseNote,
    Participant,
    Programme,
    Submission,
)
from tutori.programmes.services import participation as services
from tutori.programmes.services.participation import Mark, ParticipationError

pytestmark = pytest.mark.django_db


def _programme(pk: int) -> Programme:
    return Programme._default_manager.get(pk=pk)


# --- The info letter --------------------------------------------------------------------------


def test_the_info_letter_goes_once_to_every_enrolled_participant_with_the_pre_assignment(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    c = course(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.info_letter_send(by=world.coordinator, programme=c.programme) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.member.email, c.other.person.email])
    body = mailoutbox[0].body
    assert "Ota mukaan kannettava." in body
    assert "Ennakkotehtävä: oma työ" in body and "Kuvaa työtäsi." in body
    assert "Välitehtävä 1" not in body
    assert f"/programmes/{c.programme.pk}/me/" in body
    assert _programme(c.programme.pk).info_letter_sent_at is not None
    with pytest.raises(ParticipationError):
        services.info_letter_send(by=world.coordinator, programme=_programme(c.programme.pk))
    assert len(mailoutbox) == 2


def test_a_stale_copy_of_the_programme_cannot_send_the_letter_twice(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    c = course(world)
    stale = _programme(c.programme.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.info_letter_send(by=world.coordinator, programme=c.programme)
    with pytest.raises(ParticipationError):
        services.info_letter_send(by=world.coordinator, programme=stale)
    assert len(mailoutbox) == 2


def test_the_letter_is_not_sent_empty_nor_to_nobody_nor_changed_after_sending(world, mailoutbox):
    c = course(world, info_letter="")
    with pytest.raises(ParticipationError, match="Kirjoita infokirje"):
        services.info_letter_send(by=world.coordinator, programme=c.programme)
    services.info_letter_save(by=world.coordinator, programme=c.programme, text="Tervetuloa!")
    Participant._default_manager.filter(programme=c.programme).update(
        status=Participant.Status.WITHDRAWN
    )
    with pytest.raises(ParticipationError, match="ei ole vielä osallistujia"):
        services.info_letter_send(by=world.coordinator, programme=c.programme)
    Participant._default_manager.filter(programme=c.programme).update(
        status=Participant.Status.ENROLLED
    )
    services.info_letter_send(by=world.coordinator, programme=c.programme)
    with pytest.raises(ParticipationError, match="jo lähetetty"):
        services.info_letter_save(by=world.coordinator, programme=c.programme, text="Muutos")
    assert _programme(c.programme.pk).info_letter == "Tervetuloa!"


def test_only_the_coordinator_sends_the_letter(world, mailoutbox):
    c = course(world)
    for person in (world.tutor, world.member, world.outsider):
        with pytest.raises(PermissionDeniedError):
            services.info_letter_send(by=person, programme=c.programme)
    assert not mailoutbox and _programme(c.programme.pk).info_letter_sent_at is None


# --- Assignments ------------------------------------------------------------------------------


def test_a_trainer_adds_edits_and_removes_an_assignment(world):
    c = course(world)
    a = services.assignment_create(
        by=world.tutor,
        programme=c.programme,
        kind="interim",
        title="Välitehtävä 2",
        instructions="Haastattele työnantajaa.",
        session=c.session,
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )
    assert a.order == 2 and a.session == c.session
    services.assignment_update(by=world.tutor, assignment=a, kind="interim", title="Välitehtävä II")
    assert Assignment.objects.get(pk=a.pk).title == "Välitehtävä II"
    services.assignment_delete(by=world.tutor, assignment=a)
    assert not Assignment.objects.filter(pk=a.pk).exists()


def test_an_assignment_with_returned_work_is_not_removed(world):
    c = course(world)
    submitted(c.member, c.interim)
    with pytest.raises(ParticipationError):
        services.assignment_delete(by=world.coordinator, assignment=c.interim)
    assert Assignment.objects.filter(pk=c.interim.pk).exists()


def test_assignments_are_checked(world):
    c = course(world)
    with pytest.raises(ParticipationError, match="nimi"):
        services.assignment_create(by=world.tutor, programme=c.programme, title="  ")
    with pytest.raises(ParticipationError, match="päättymisen jälkeen"):
        services.assignment_create(
            by=world.tutor,
            programme=c.programme,
            title="Myöhään",
            due_on=c.programme.ends_on + dt.timedelta(days=1),
        )
    with pytest.raises(PermissionDeniedError):
        services.assignment_create(by=world.member, programme=c.programme, title="Oma")


# --- The participant's own work ---------------------------------------------------------------


def test_the_participant_records_goals_and_case_and_notes(world):
    c = course(world)
    services.goals_save(
        by=world.member,
        participant=c.member,
        goals="Oppia yritysyhteistyötä.",
        case_description="Asiakas A, 35 v.",
    )
    p = Participant._default_manager.get(pk=c.member.pk)
    assert (p.goals, p.case_description) == ("Oppia yritysyhteistyötä.", "Asiakas A, 35 v.")
    note = services.case_note_add(
        by=world.member,
        participant=c.member,
        text="Asiakas A aloitti työkokeilun.",
        session=c.session,
    )
    assert note.session == c.session
    with pytest.raises(ParticipationError):
        services.case_note_add(by=world.member, participant=c.member, text="   ")


def test_nobody_else_writes_a_participants_goals_or_notes(world):
    c = course(world)
    for person in (world.tutor, world.coordinator, c.other.person):
        with pytest.raises(PermissionDeniedError):
            services.goals_save(by=person, participant=c.member, goals="x", case_description="y")
        with pytest.raises(PermissionDeniedError):
            services.case_note_add(by=person, participant=c.member, text="x")
    assert not CaseNote.objects.exists()


def test_a_participant_who_left_writes_nothing_more(world):
    c = course(world)
    Participant._default_manager.filter(pk=c.member.pk).update(
        status=Participant.Status.LEFT, leave_reason="no_time"
    )
    c.member.refresh_from_db()
    with pytest.raises(PermissionDeniedError):
        services.case_note_add(by=world.member, participant=c.member, text="x")


# --- Returning and reviewing ------------------------------------------------------------------


def test_return_review_return_again_and_accept(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    c = course(world)
    s = services.submit(by=world.member, participant=c.member, assignment=c.interim, text="Eka")
    assert s.status == Submission.Status.SUBMITTED
    with pytest.raises(ParticipationError, match="palautteessa"):
        services.review(by=world.tutor, submission=s, accept=False, feedback="")
    with django_capture_on_commit_callbacks(execute=True):
        services.review(by=world.tutor, submission=s, accept=False, feedback="Lisää esimerkki.")
    assert mailoutbox[-1].to == [world.member.email]
    assert "Lisää esimerkki." in mailoutbox[-1].body
    s = services.submit(by=world.member, participant=c.member, assignment=c.interim, text="Toka")
    assert (s.status, s.text) == (Submission.Status.SUBMITTED, "Toka")
    with django_capture_on_commit_callbacks(execute=True):
        services.review(by=world.tutor, submission=s, accept=True)
    s.refresh_from_db()
    assert s.status == Submission.Status.ACCEPTED and s.reviewed_by == world.tutor
    assert "hyväksy" in mailoutbox[-1].subject.lower()
    with pytest.raises(ParticipationError, match="jo hyväksytty"):
        services.submit(by=world.member, participant=c.member, assignment=c.interim, text="Kolmas")
    with pytest.raises(ParticipationError, match="jo käsitelty"):
        services.review(by=world.tutor, submission=s, accept=True)


def test_a_file_is_checked_by_type_and_size(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = course(world)
    pdf = SimpleUploadedFile("vastaus.pdf", b"%PDF-1.4 hello", content_type="application/pdf")
    s = services.submit(by=world.member, participant=c.member, assignment=c.pre, file=pdf)
    assert s.file.name.endswith(".pdf")
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(ParticipationError.__mro__[1]):
        services.submit(by=world.member, participant=c.member, assignment=c.interim, file=fake)
    big = SimpleUploadedFile("iso.txt", b"a" * (FILE_MAX_BYTES + 1), content_type="text/plain")
    with pytest.raises(ParticipationError.__mro__[1], match="liian suuri"):
        services.submit(by=world.member, participant=c.member, assignment=c.interim, file=big)
    with pytest.raises(ParticipationError, match="Kirjoita vastaus"):
        services.submit(by=world.member, participant=c.member, assignment=c.interim)
    assert not Submission.objects.filter(assignment=c.interim).exists()


def test_only_trainers_review(world):
    c = course(world)
    s = submitted(c.member, c.interim)
    for person in (world.member, c.other.person, world.manager, world.outsider):
        with pytest.raises(PermissionDeniedError):
            services.review(by=person, submission=s, accept=True)
    services.review(by=world.coordinator, submission=s, accept=True)


# --- Attendance -------------------------------------------------------------------------------


def test_attendance_is_saved_for_the_whole_list_at_once(world):
    c = course(world)
    changed = services.attendance_save(
        by=world.tutor,
        session=c.session,
        marks=[
            Mark(c.member.pk, "partial", Decimal("2.5")),
            Mark(c.other.pk, "absent", None, "Sairas"),
        ],
    )
    assert changed == 2
    rows = {a.participant_id: a for a in Attendance.objects.filter(session=c.session)}
    assert (rows[c.member.pk].status, rows[c.member.pk].hours) == ("partial", Decimal("2.5"))
    assert (rows[c.other.pk].hours, rows[c.other.pk].absence_reason) == (Decimal("0"), "Sairas")
    assert rows[c.member.pk].marked_by == world.tutor
    changed = services.attendance_save(
        by=world.tutor,
        session=c.session,
        marks=[
            Mark(c.member.pk, "present", Decimal("1")),
            Mark(c.other.pk, "absent", None, "Sairas"),
        ],
    )
    assert changed == 1
    assert Attendance.objects.get(session=c.session, participant=c.member).hours == Decimal("4")


@pytest.mark.parametrize("hours", [Decimal("4.25"), Decimal("0"), None])
def test_partial_hours_stay_within_the_session_and_nothing_is_half_saved(world, hours):
    c = course(world)
    with pytest.raises(ParticipationError):
        services.attendance_save(
            by=world.tutor,
            session=c.session,
            marks=[Mark(c.other.pk, "present"), Mark(c.member.pk, "partial", hours)],
        )
    assert not Attendance.objects.exists()


def test_attendance_is_not_marked_for_a_cancelled_or_future_session_or_a_stranger(world):
    c = course(world)
    with pytest.raises(ParticipationError, match="tapaamispäivänä"):
        services.attendance_save(
            by=world.tutor, session=c.later, marks=[Mark(c.member.pk, "present")]
        )
    stranger = course(world, name="Toinen").member
    with pytest.raises(ParticipationError, match="listalla"):
        services.attendance_save(
            by=world.tutor, session=c.session, marks=[Mark(stranger.pk, "present")]
        )
    c.session.cancelled_at = timezone.now()
    with pytest.raises(ParticipationError, match="peruttu"):
        services.attendance_save(
            by=world.tutor, session=c.session, marks=[Mark(c.member.pk, "present")]
        )
    with pytest.raises(PermissionDeniedError):
        services.attendance_save(by=world.member, session=c.later, marks=[])
    assert not Attendance.objects.exists()


def test_a_participant_who_left_stays_on_the_list_where_marked(world):
    c = course(world)
    services.attendance_save(
        by=world.tutor, session=c.session, marks=[Mark(c.member.pk, "present")]
    )
    Participant._default_manager.filter(pk=c.member.pk).update(
        status=Participant.Status.LEFT, leave_reason="moved"
    )
    on_list = {p.pk for p in services.attendance_list(c.session)}
    assert on_list == {c.member.pk, c.other.pk}
    assert {p.pk for p in services.attendance_list(c.later)} == {c.other.pk}


def test_a_racing_first_return_is_refused_with_a_message(world):
    c = course(world)
    submitted(c.member, c.interim, text="Ensimmäinen ikkuna")
    # The other window's lookup ran before this row existed.
    with mock.patch.object(services.Submission.objects, "select_for_update") as lock:
        lock.return_value.filter.return_value.first.return_value = None
        with pytest.raises(ParticipationError, match="toisessa ikkunassa"):
            services.submit(
                by=world.member, participant=c.member, assignment=c.interim, text="Toinen"
            )
    assert Submission.objects.get().text == "Ensimmäinen ikkuna"
