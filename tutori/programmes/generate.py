"""Synthetic training programmes for the benchmark (``tutori generate``): per municipality a
finished programme (ten meetings, a follow-up meeting, completions and the seed's kind of
attrition) and a running one (eight meetings every other week, the third today; two held
with attendance, applications and a waiting list), each with its municipality's teachers as
participants. At national scale 600 programmes, 5 700 sessions, 12 000 participants and
about 60 000 attendance rows, written with bulk inserts in a few seconds.

The bench logins take part: the municipality's coordinator organises the first town's
programmes, the bench tutor trains its running one and the bench member takes part in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from random import Random
from typing import Any

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.orgs.generate import BATCH, BENCH_DOMAIN
from tutori.orgs.models import Organisation, today
from tutori.programmes.models import (
    Attendance,
    LeaveReason,
    Participant,
    Programme,
    Session,
    certificate_code,
)

PER_PROGRAMME = 20
THEMES = ["Työ- ja toimintakyky", "Asiakkaan ohjaus", "Yritysyhteistyö"]
FINISHED_MEETINGS = 10
RUNNING_MEETINGS = 8
RUNNING_NAME = "Digipedagogiikan täydennyskoulutus (benchmark)"
FINISHED_NAME = "Työvalmentajakoulutus (benchmark)"
LEAVE_REASONS = [LeaveReason.MOVED, LeaveReason.DROPPED, LeaveReason.NO_TIME, LeaveReason.NO_TIME]


def _session(programme: Programme, day: dt.date, index: int, host: Organisation) -> Session:
    return Session(
        programme=programme,
        date=day,
        title=f"Lähijakso {index + 1}",
        theme=THEMES[index * len(THEMES) // 10 % len(THEMES)],
        host=host,
        place=f"{host.name}, luokka {index + 1}",
        starts_at=dt.time(12),
        ends_at=dt.time(16),
        hours=Decimal("4"),
    )


@scopes_disabled()
def programmes(
    *, scale: dict[str, int], rng: Random, state: dict[str, Any], progress: Callable[..., None]
) -> None:
    towns: list[Organisation] = state["municipalities"]
    schools: list[Organisation] = state["schools"]
    members_by_school: list[list[int]] = state["members_by_school"]
    tutor_by_school: list[int] = state["tutor_by_school"]
    coordinator = User.objects.get(email=f"coordinator@{BENCH_DOMAIN}")
    member = User.objects.get(email=f"member@{BENCH_DOMAIN}")
    now = today()
    school_of: dict[int, Organisation] = {}
    schools_in: dict[int, list[int]] = {}
    for index, school in enumerate(schools):
        schools_in.setdefault(school.parent_id or 0, []).append(index)
        for pk in members_by_school[index]:
            school_of.setdefault(pk, school)

    finished_start = now - dt.timedelta(days=320)
    running_start = now - dt.timedelta(days=28)
    rows: list[Programme] = []
    for town in towns:
        rows.append(
            Programme(
                organisation=town,
                name=FINISHED_NAME,
                credits=Decimal("4"),
                themes=THEMES,
                status=Programme.Status.FINISHED,
                starts_on=finished_start,
                ends_on=finished_start + dt.timedelta(weeks=2 * (FINISHED_MEETINGS - 1)),
                capacity=PER_PROGRAMME,
                completion_min_sessions=8,
                completion_all_assignments=False,
                created_by=coordinator,
            )
        )
        rows.append(
            Programme(
                organisation=town,
                name=RUNNING_NAME,
                credits=Decimal("2"),
                themes=THEMES,
                status=Programme.Status.PUBLISHED,
                starts_on=running_start,
                ends_on=running_start + dt.timedelta(weeks=2 * (RUNNING_MEETINGS - 1)),
                applications_open_on=running_start - dt.timedelta(days=60),
                applications_close_on=running_start - dt.timedelta(days=30),
                criteria=["Mitä haluat oppia koulutuksessa?"],
                capacity=PER_PROGRAMME,
                completion_min_sessions=6,
                completion_all_assignments=False,
                created_by=coordinator,
            )
        )
    created = Programme.objects.bulk_create(rows, batch_size=BATCH)
    progress("programmes", len(created))

    sessions: list[Session] = []
    trainers: list[tuple[int, int]] = []  # (programme, user)
    for number, town in enumerate(towns):
        finished, running = created[2 * number], created[2 * number + 1]
        hosts = [schools[i] for i in schools_in.get(town.pk, [])] or [town]
        tutor = state["bench_tutor"] if number == 0 else tutor_by_school[schools_in[town.pk][0]]
        trainers += [(finished.pk, tutor), (running.pk, tutor)]
        for index in range(FINISHED_MEETINGS):
            day = finished_start + dt.timedelta(weeks=2 * index)
            sessions.append(_session(finished, day, index, hosts[index % len(hosts)]))
        follow_up = _session(
            finished,
            finished_start + dt.timedelta(weeks=2 * (FINISHED_MEETINGS - 1), days=120),
            FINISHED_MEETINGS,
            hosts[0],
        )
        follow_up.kind = Session.Kind.FOLLOW_UP
        follow_up.title = "Seurantatapaaminen"
        sessions.append(follow_up)
        for index in range(RUNNING_MEETINGS):
            day = running_start + dt.timedelta(weeks=2 * index)
            sessions.append(_session(running, day, index, hosts[index % len(hosts)]))
    sessions = Session.objects.bulk_create(sessions, batch_size=BATCH)
    Programme.trainers.through.objects.bulk_create(
        [Programme.trainers.through(programme_id=p, user_id=u) for p, u in trainers],
        batch_size=BATCH,
    )
    progress("programme sessions", len(sessions))

    by_programme: dict[int, list[Session]] = {}
    for session in sessions:
        by_programme.setdefault(session.programme_id, []).append(session)
    participants: list[Participant] = []
    enrolled: dict[int, int] = {}
    for number, town in enumerate(towns):
        pool = [pk for i in schools_in.get(town.pk, []) for pk in members_by_school[i]]
        for programme in created[2 * number : 2 * number + 2]:
            chosen = rng.sample(pool, min(PER_PROGRAMME, len(pool)))
            running = programme.status == Programme.Status.PUBLISHED
            if number == 0 and running and member.pk not in chosen:
                chosen = [member.pk, *chosen[:-1]]
            assert programme.starts_on is not None
            applied = dt.datetime.combine(
                programme.starts_on - dt.timedelta(days=45), dt.time(12), dt.UTC
            )
            for n, pk in enumerate(chosen):
                row = Participant(
                    programme=programme,
                    person_id=pk,
                    organisation=school_of.get(pk, town),
                    applied_at=applied,
                    applied_by_id=pk,
                )
                if running:
                    row.status = (
                        Participant.Status.ENROLLED
                        if n < PER_PROGRAMME - 4
                        else (
                            Participant.Status.APPLIED if n % 2 else Participant.Status.WAITLISTED
                        )
                    )
                elif n < PER_PROGRAMME - 5:
                    row.status = Participant.Status.COMPLETED
                    row.certificate_code = certificate_code()
                    row.completed_at = applied + dt.timedelta(days=200)
                else:
                    row.status = Participant.Status.LEFT
                    row.leave_reason = LEAVE_REASONS[n % len(LEAVE_REASONS)]
                    row.left_at = applied + dt.timedelta(days=100)
                if row.status in Participant.HOLDING:
                    enrolled[programme.pk] = enrolled.get(programme.pk, 0) + 1
                participants.append(row)
    participants = Participant.objects.bulk_create(participants, batch_size=BATCH)
    progress("programme participants", len(participants))

    attendances: list[Attendance] = []
    total = 0
    for participant in participants:
        held = [
            s
            for s in by_programme[participant.programme_id]
            if s.date < now and s.kind == Session.Kind.MEETING
        ]
        if participant.status == Participant.Status.LEFT:
            held = held[: rng.randrange(1, 6)]
        elif participant.status not in Participant.HOLDING:
            continue
        for session in held:
            absent = rng.random() < 0.08
            attendances.append(
                Attendance(
                    session=session,
                    participant=participant,
                    status=Attendance.Status.ABSENT if absent else Attendance.Status.PRESENT,
                    hours=Decimal("0") if absent else session.hours,
                )
            )
        if len(attendances) >= BATCH:
            Attendance.objects.bulk_create(attendances)
            total += len(attendances)
            attendances = []
            progress("programme attendance", total)
    Attendance.objects.bulk_create(attendances)
    total += len(attendances)
    progress("programme attendance", total)
    for count in sorted(set(enrolled.values())):
        Programme.objects.filter(
            pk__in=[pk for pk, value in enrolled.items() if value == count]
        ).update(enrolled=count)
    first = created[1]
    state.update(
        programme=first.pk,
        programme_session=by_programme[first.pk][1].pk,
        programmes=len(created),
        programme_participants=len(participants),
    )
