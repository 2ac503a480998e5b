"""Tutoring of one term in Oulu's two schools (and Kemi's), for the tutoring impact tests.

Koulu A: 12 teachers (member role; the world's teacher among them), three sessions this
term: 60 min during lessons with four named teachers, 30 min with four named (two of them
the same) and one unnamed, 45 min without a topic and two unnamed: 135 min, 9 people
(6 teachers named + 3 unnamed); an approved substitute spend of 185 € and a proposed one of
100 € (not counted). Koulu B: 4 teachers, one 60 min session with 3 of them. Kemi's Koulu K:
one 30 min session. Last term: one 90 min session in Koulu A with one teacher.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from tests.conftest import World
from tests.factories import MembershipFactory, UserFactory
from tutori.accounts.models import User
from tutori.evaluation.selectors.impact import Term, term_of
from tutori.orgs.models import Organisation
from tutori.tutoring.models import (
    SubstituteBudget,
    SubstituteSpend,
    Topic,
    TutoringSession,
)


@dataclass
class Impact:
    world: World
    term: Term
    teachers_a: list[User]
    teachers_b: list[User]
    planning: Topic
    assessment: Topic


def session(
    organisation: Organisation,
    tutor: User,
    day: object,
    minutes: int,
    *,
    people: list[User] = (),  # type: ignore[assignment]
    count: int | None = None,
    topic: Topic | None = None,
    lessons: bool = False,
) -> TutoringSession:
    made = TutoringSession.objects.create(
        tutor=tutor,
        organisation=organisation,
        date=day,
        duration_minutes=minutes,
        topic=topic,
        participant_count=count if count is not None else max(len(people), 1),
        during_lessons=lessons,
    )
    if people:
        made.participants.set(people)
    return made


def build(w: World) -> Impact:
    term = term_of()
    day = term.start + timedelta(days=20)
    teachers_a = [w.member] + [UserFactory() for _ in range(11)]
    for teacher in teachers_a[1:]:
        MembershipFactory(user=teacher, organisation=w.school_a)
    teachers_b = [UserFactory() for _ in range(4)]
    for teacher in teachers_b:
        MembershipFactory(user=teacher, organisation=w.school_b)
    planning = Topic.objects.create(organisation=w.oulu, name="Suunnittelu", name_en="Planning")
    assessment = Topic.objects.create(organisation=w.oulu, name="Arviointi")

    lesson_session = session(
        w.school_a, w.tutor, day, 60, people=teachers_a[:4], topic=planning, lessons=True
    )
    session(
        w.school_a,
        w.tutor,
        day + timedelta(days=35),
        30,
        people=teachers_a[2:6],
        count=5,
        topic=assessment,
    )
    session(w.school_a, w.tutor, day + timedelta(days=36), 45, count=2)
    session(w.school_b, w.tutor, day, 60, people=teachers_b[:3], topic=planning)
    session(w.school_k, w.outsider, day, 30, count=3)
    session(w.school_a, w.tutor, term.before().start + timedelta(days=10), 90, people=[w.member])

    budget = SubstituteBudget.objects.create(
        school=w.school_a,
        term="lukuvuosi",
        starts_on=term.before().start,
        ends_on=term.end,
        amount=Decimal("2000.00"),
    )
    SubstituteSpend.objects.create(
        budget=budget,
        session=lesson_session,
        date=day,
        amount=Decimal("185.00"),
        description="Sijainen",
        status=SubstituteSpend.Status.APPROVED,
        created_by=w.coordinator,
        decided_by=w.manager,
    )
    SubstituteSpend.objects.create(
        budget=budget,
        date=day,
        amount=Decimal("100.00"),
        description="Sijainen",
        created_by=w.coordinator,
    )
    return Impact(w, term, teachers_a, teachers_b, planning, assessment)


def more(w: World, term: Term, times: int) -> None:
    """``times`` more sessions in both schools, each with new named people: a bigger report
    of the same shape (for the query counts)."""
    for n in range(times):
        people = [UserFactory() for _ in range(3)]
        for person in people:
            MembershipFactory(user=person, organisation=w.school_a if n % 2 else w.school_b)
        session(
            w.school_a if n % 2 else w.school_b,
            w.tutor,
            term.start + timedelta(days=n % 120),
            30 + n % 30,
            people=people,
            lessons=bool(n % 3),
        )
