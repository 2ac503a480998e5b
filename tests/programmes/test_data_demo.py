"""Part E (data): the programmes demo matches seeds 004 and 003 and loads twice without
duplicates; every demo role finds something on its programme pages; the benchmark
generator writes consistent programmes at a small scale."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q, Sum

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.generate import NATIONAL_NAME
from tutori.programmes import demo, generate
from tutori.programmes.models import (
    Assignment,
    Attendance,
    CaseNote,
    LeaveReason,
    Participant,
    Programme,
    Session,
    Submission,
)

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    with scopes_disabled():
        return (
            Programme.objects.count(),
            Session.objects.count(),
            Participant.objects.count(),
            Attendance.objects.count(),
            Assignment.objects.count(),
            Submission.objects.count(),
            CaseNote.objects.count(),
            User.objects.count(),
        )


@pytest.fixture
def loaded(capsys):
    call_command("demo_data")
    return capsys.readouterr().out


def test_demo_loads_twice_without_duplicates(loaded, capsys):
    assert "Demo programmes: 5 programmes" in loaded
    first = _counts()
    call_command("demo_data")
    assert _counts() == first
    assert "Demo programmes: 0 programmes" in capsys.readouterr().out


def _holding_matches_counter() -> bool:
    with scopes_disabled():
        wrong = Programme.objects.annotate(
            n=Count("participants", filter=Q(participants__status__in=Participant.HOLDING))
        ).exclude(n=F("enrolled"))
        return not wrong.exists()


def test_wire_pilot_matches_seed_004(loaded):
    with scopes_disabled():
        wire = Programme.objects.get(name=demo.WIRE_NAME)
        assert wire.status == Programme.Status.FINISHED
        assert wire.credits == Decimal("4") and wire.themes == demo.WIRE_THEMES
        assert (wire.starts_on.month, wire.starts_on.day) == (1, 16)
        assert (wire.ends_on.month, wire.ends_on.day) == (5, 22)
        assert wire.network is not None and wire.info_letter_sent_at is not None
        meetings = list(wire.sessions.filter(kind=Session.Kind.MEETING))
        assert len(meetings) == 10
        assert {s.hours for s in meetings} == {Decimal("4")}
        assert {s.theme for s in meetings} == set(demo.WIRE_THEMES)
        # at the premises of various actors
        assert len({s.host_id for s in meetings}) == 5
        follow_up = wire.sessions.get(kind=Session.Kind.FOLLOW_UP)
        assert 115 <= (follow_up.date - wire.ends_on).days <= 130  # four months after
        people = list(wire.participants.select_related("organisation"))
        assert len(people) == 16
        assert Counter(p.organisation.name for p in people) == {
            "Jyväskylän Katulähetys ry": 4,
            "Jyvässeudun Työttömät ry": 3,
            "Työvalmennussäätiö Tekevä": 5,
            "Jyvälän Setlementti": 4,
        }
        # of 16: one moved to other duties, one dropped out, two found no time
        left = Counter(p.leave_reason for p in people if p.status == Participant.Status.LEFT)
        assert left == {LeaveReason.MOVED: 1, LeaveReason.DROPPED: 1, LeaveReason.NO_TIME: 2}
        completed = [p for p in people if p.status == Participant.Status.COMPLETED]
        assert len(completed) == 12 and wire.enrolled == 12
        assert all(p.certificate_code and p.completed_at for p in completed)
        # every completer meets the rule: at least 8 of the 10 meetings, all assignments
        for participant in completed:
            attended = participant.attendances.exclude(status=Attendance.Status.ABSENT).count()
            assert attended >= wire.completion_min_sessions
            assert (
                participant.submissions.filter(status=Submission.Status.ACCEPTED).count()
                == wire.assignments.count()
            )
        # a leaver has no attendance after leaving
        for participant in people:
            if participant.left_at:
                assert not participant.attendances.filter(
                    session__date__gt=participant.left_at.date()
                ).exists()
        assert wire.steering_group.exists() and wire.trainers.count() == 2
    assert _holding_matches_counter()


def test_parik_peer_mentor_training_matches_seed_003(loaded):
    with scopes_disabled():
        parik = Programme.objects.get(name=demo.PARIK_NAME)
        assert parik.sessions.count() == 4 and parik.badge == demo.PARIK_BADGE
        people = parik.participants.all()
        assert people.count() == 6
        assert set(people.values_list("status", flat=True)) == {Participant.Status.COMPLETED}
        hours = Attendance.objects.filter(participant__programme=parik).aggregate(h=Sum("hours"))
        assert hours["h"] == Decimal("72")  # 6 people x 4 sessions x 3 h
        coach = User.objects.get(email="coach@demo.tutori.fi")
        assert list(parik.trainers.all()) == [coach]


def test_every_demo_role_finds_programmes(loaded):
    member = User.objects.get(email="member@demo.tutori.fi")
    tutor = User.objects.get(email="tutor@demo.tutori.fi")
    coordinator = User.objects.get(email="coordinator@demo.tutori.fi")
    manager = User.objects.get(email="manager@demo.tutori.fi")
    with scopes_disabled():
        running = Programme.objects.get(name=demo.KEMPELE_NAME)
        assert running.organisation.name == "Kempele"
        assert tutor in running.trainers.all() and manager in running.steering_group.all()
        assert running.participants.get(person=member).status == Participant.Status.ENROLLED
        statuses = Counter(running.participants.values_list("status", flat=True))
        assert statuses[Participant.Status.APPLIED] == 2
        assert statuses[Participant.Status.WAITLISTED] == 1
        assert running.enrolled == statuses[Participant.Status.ENROLLED] == running.capacity
        dates = sorted(running.sessions.values_list("date", flat=True))
        assert dates[0] < running.starts_on.today() <= dates[-1]
        assert Submission.objects.filter(
            participant__programme=running, status=Submission.Status.SUBMITTED
        ).exists()
        upcoming = Programme.objects.get(name=demo.KEMPELE_NEXT_NAME)
        assert upcoming.status == Programme.Status.PUBLISHED and upcoming.copied_from == running
        assert upcoming.applications_open_on <= upcoming.starts_on.today()
    assert _holding_matches_counter()
    # Seen through the scopes: the coordinator organises, the member sees the one they take
    # part in and the one open for applications.
    visible = Programme.objects.visible_to(coordinator)
    assert {demo.KEMPELE_NAME, demo.KEMPELE_NEXT_NAME} <= set(
        visible.values_list("name", flat=True)
    )
    mine = Participant.objects.visible_to(member)
    assert running.pk in set(mine.values_list("programme_id", flat=True))


def test_the_demo_tutor_completed_the_tutor_induction(loaded, client):
    tutor = User.objects.get(email="tutor@demo.tutori.fi")
    with scopes_disabled():
        induction = Programme.objects.get(name=demo.TUTORS_NAME)
        assert induction.participants.filter(status=Participant.Status.COMPLETED).count() == 5
        assert induction.participants.get(person=tutor).certificate_code
    assert induction.badge == demo.TUTORS_BADGE


def test_generator_writes_programmes_at_a_small_scale(capsys):
    call_command("generate", "--scale", "small", "--seed", "3")
    with scopes_disabled():
        # besides the evaluation's national training (its own generator step)
        assert Programme.objects.exclude(name=NATIONAL_NAME).count() == 2
        running = Programme.objects.get(name=generate.RUNNING_NAME)
        assert running.sessions.count() == generate.RUNNING_MEETINGS
        member = User.objects.get(email="member@bench.tutori.fi")
        tutor = User.objects.get(email="tutor@bench.tutori.fi")
        assert running.participants.get(person=member).status == Participant.Status.ENROLLED
        assert tutor in running.trainers.all()
        assert Attendance.objects.filter(session__programme=running).exists()
        finished = Programme.objects.get(name=generate.FINISHED_NAME)
        assert finished.sessions.filter(kind=Session.Kind.FOLLOW_UP).count() == 1
        assert finished.participants.filter(status=Participant.Status.COMPLETED).exists()
        assert not Attendance.objects.filter(hours__gt=F("session__hours")).exists()
    assert _holding_matches_counter()
