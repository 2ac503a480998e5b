"""Reads of the programme's participation (owned by the participation part): the programme
page's section, the participant's own page, a trainer's view of one participant, a
session's attendance list and the trainer's dashboard panel.

Attendance, submissions and case notes are reached only through a Programme or Participant
the person sees (and, for work, ``permissions.can_read_participant_work``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from tutori.access import engine
from tutori.core.scoping import scopes_disabled
from tutori.programmes import permissions
from tutori.programmes.models import (
    Assignment,
    Attendance,
    CaseNote,
    Participant,
    Programme,
    Session,
    Submission,
)
from tutori.programmes.selectors import programmes as plan

SUBMISSIONS_SHOWN = 50


def detail_context(*, user: Any, programme: Programme) -> dict[str, Any]:
    """What the programme's page shows of this part (its partial
    programmes/partials/_detail_participation.html); one constant number of queries."""
    trains = bool(permissions.can_train(user, programme))
    manages = bool(permissions.can_manage_programme(user, programme))
    context: dict[str, Any] = {"part_trains": trains, "part_manages": manages}
    mine = plan.own_participation(user=user, programme=programme)  # read once for the page
    context["part_mine"] = (
        mine
        if mine is not None
        and mine.status in (Participant.Status.ENROLLED, Participant.Status.COMPLETED)
        else None
    )
    if not trains:
        return context
    with scopes_disabled():  # the programme's own rows, the caller trains it
        assignments = list(
            Assignment.objects.filter(programme=programme)
            .select_related("session")
            .annotate(
                waiting=Count("submissions", filter=Q(submissions__status="submitted")),
                accepted=Count("submissions", filter=Q(submissions__status="accepted")),
            )
        )
        # Read only when the assignments' counts say something waits for review.
        waiting = (
            list(
                Submission.objects.filter(
                    assignment__programme=programme, status=Submission.Status.SUBMITTED
                )
                .select_related("assignment", "participant__person")
                .order_by("updated_at", "pk")[:SUBMISSIONS_SHOWN]
            )
            if any(a.waiting for a in assignments)  # type: ignore[attr-defined]
            else []
        )
        participants = list(
            Participant.objects.filter(
                programme=programme,
                status__in=[
                    Participant.Status.ENROLLED,
                    Participant.Status.COMPLETED,
                    Participant.Status.LEFT,
                ],
            )
            .select_related("person", "organisation")
            .only(  # what the section shows of each (whole rows cost more to build)
                "pk",
                "programme_id",
                "status",
                "person__display_name",
                "person__email",
                "organisation__name",
            )
            .order_by("person__display_name", "pk")
        )
    sessions = plan.page_sessions(programme=programme)  # the timetable's, with marks counted
    today = timezone.localdate()
    context.update(
        part_assignments=assignments,
        part_waiting=waiting,
        part_participants=participants,
        part_sessions=[s for s in sessions if not s.is_cancelled],
        part_today=today,
        part_enrolled=sum(1 for p in participants if p.status == Participant.Status.ENROLLED),
    )
    return context


# --- Lookups through what the person sees ----------------------------------------------------


def participant_get(*, user: Any, pk: int) -> Participant | None:
    return (  # type: ignore[no-any-return]
        Participant.objects.visible_to(user)
        .select_related("programme__organisation", "person", "organisation")
        .filter(pk=pk)
        .first()
    )


def my_participant(*, user: Any, programme: Programme) -> Participant | None:
    """The person's own participation in ``programme`` (enrolled, completed or left). The
    participants' visibility rule shows everyone signed in their own (its first clause), so
    it is read by person and programme."""
    if not engine.reach(user).is_authenticated:
        return None
    with scopes_disabled():  # one's own row, which the rule always shows
        return (  # type: ignore[no-any-return]
            Participant.objects.select_related("programme__organisation", "person", "organisation")
            .filter(
                programme=programme,
                person_id=user.pk,
                status__in=[
                    Participant.Status.ENROLLED,
                    Participant.Status.COMPLETED,
                    Participant.Status.LEFT,
                ],
            )
            .first()
        )


def assignment_get(*, user: Any, pk: int) -> Assignment | None:
    """An assignment of a programme ``user`` sees."""
    return (
        Assignment.objects.select_related("programme__organisation", "session")
        .filter(pk=pk, programme__in=Programme.objects.visible_to(user).values("pk"))
        .first()
    )


def submission_get(*, user: Any, pk: int) -> Submission | None:
    """A returned assignment of a participant ``user`` sees (the caller checks the work
    right: a manager sees the participant, not their work)."""
    return (
        Submission.objects.select_related(
            "assignment", "participant__programme__organisation", "participant__person"
        )
        .filter(pk=pk, participant__in=Participant.objects.visible_to(user).values("pk"))
        .first()
    )


# --- One participant's work ------------------------------------------------------------------


@dataclass
class Work:
    """A participant's assignments (each with their submission or None), case notes,
    attendance and hours."""

    participant: Participant
    assignments: list[Assignment] = field(default_factory=list)
    notes: list[CaseNote] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    attended: int = 0
    hours: Decimal = Decimal("0")


def work(participant: Participant) -> Work:
    """Everything of ``participant``'s own work (the caller checked
    ``can_read_participant_work``); a constant number of queries."""
    programme = participant.programme
    with scopes_disabled():  # one participant's rows, already checked
        submissions = {
            s.assignment_id: s for s in Submission.objects.filter(participant=participant)
        }
        assignments = list(Assignment.objects.filter(programme=programme).select_related("session"))
        notes = list(CaseNote.objects.filter(participant=participant).select_related("session"))
        sessions = list(
            Session.objects.filter(programme=programme).prefetch_related(
                Prefetch(
                    "attendances",
                    queryset=Attendance.objects.filter(participant=participant),
                    to_attr="mine",
                )
            )
        )
    for a in assignments:
        a.mine = submissions.get(a.pk)  # type: ignore[attr-defined]
    for s in sessions:
        s.mark = s.mine[0] if s.mine else None  # type: ignore[attr-defined]
    marks = [s.mark for s in sessions if s.mark is not None]  # type: ignore[attr-defined]
    return Work(
        participant=participant,
        assignments=assignments,
        notes=notes,
        sessions=sessions,
        attended=sum(1 for m in marks if m.status != Attendance.Status.ABSENT),
        hours=sum((m.hours for m in marks), Decimal("0")),
    )


# --- A session's attendance list ---------------------------------------------------------------


def attendance_rows(session: Session) -> list[tuple[Participant, Attendance | None]]:
    """Every participant on the session's list with their mark (None: not marked yet)."""
    from tutori.programmes.services.participation import attendance_list

    people = attendance_list(session)
    with scopes_disabled():  # the session's own rows
        marks = {a.participant_id: a for a in Attendance.objects.filter(session=session)}
    return [(p, marks.get(p.pk)) for p in people]


# --- The trainer's dashboard panel --------------------------------------------------------------


def panel_training(*, user: Any, today: date | None = None) -> dict[str, Any] | None:
    """A trainer's sessions today (with the attendance link) and the returned assignments
    waiting for their review; None for everyone else."""
    if not getattr(user, "is_authenticated", False):
        return None
    today = today or timezone.localdate()
    trained = Programme.trainers.through.objects.filter(user=user).values("programme_id")
    with scopes_disabled():  # only the programmes the person trains
        sessions = list(
            Session.objects.filter(programme_id__in=trained, date=today, cancelled_at__isnull=True)
            .exclude(programme__status=Programme.Status.CANCELLED)
            .select_related("programme", "host")
            .annotate(marked=Count("attendances"))
            .order_by("starts_at", "pk")[:10]
        )
        waiting = list(
            Programme.objects.filter(pk__in=trained)
            .annotate(
                waiting=Count(
                    "assignments__submissions",
                    filter=Q(assignments__submissions__status=Submission.Status.SUBMITTED),
                )
            )
            .filter(waiting__gt=0)
            .order_by("name")[:10]
        )
    if not sessions and not waiting:
        return None
    return {"sessions": sessions, "waiting": waiting, "today": today}
