"""Synthetic tutoring for the benchmark: topics, profiles, a year of weekly times per tutor
(half past, half ahead), bookings on them and logged tutoring. A generator step (see
tutori/orgs/generate.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from decimal import Decimal
from random import Random
from typing import Any

from django.utils import timezone

from tutori.core.scoping import scopes_disabled
from tutori.core.time import at_local, local, week_start
from tutori.orgs.generate import BATCH
from tutori.tutoring.days_off import typical_breaks
from tutori.tutoring.models import (
    Booking,
    Mode,
    Place,
    SchoolBreak,
    Slot,
    SubstituteBudget,
    SubstituteSpend,
    Topic,
    TutoringSession,
    TutorProfile,
)

TOPICS = [
    "Digipedagogiikka",
    "Arviointi",
    "Oppimisalustat",
    "Ilmiöoppiminen",
    "Ohjelmointi ja robotiikka",
    "Opetussuunnitelman toteutus",
    "Vertaisoppiminen tiimeissä",
]
WEEKS_BACK = 26
WEEKS_AHEAD = 26
CAPACITY = 6
BOOKINGS_PER_SLOT = 4


@scopes_disabled()
def tutoring(
    *, scale: dict[str, int], rng: Random, state: dict[str, Any], progress: Callable[..., None]
) -> None:
    municipalities = state["municipalities"]
    schools = state["schools"]
    topics = Topic.objects.bulk_create(
        [Topic(organisation=town, name=name) for town in municipalities for name in TOPICS],
        batch_size=BATCH,
    )
    topics_by_town = {town.pk: topics[i * 7 : i * 7 + 7] for i, town in enumerate(municipalities)}
    progress("topics", len(topics))
    # Each municipality's school breaks of this school year and the next (weekly times skip
    # them when published through Tutori).
    today = timezone.localdate()
    this_year = today.year - (today.month < 8)
    breaks = SchoolBreak.objects.bulk_create(
        [
            SchoolBreak(organisation=town, name=name, starts_on=starts_on, ends_on=ends_on)
            for town in municipalities
            for first_year in (this_year, this_year + 1)
            for name, starts_on, ends_on in typical_breaks(first_year)
        ],
        batch_size=BATCH,
    )
    progress("school breaks", len(breaks))

    tutor_ids = list(state["tutor_by_school"])
    profiles = TutorProfile.objects.bulk_create(
        [
            TutorProfile(user_id=tutor_ids[i], organisation=school, description="Tutoropettaja")
            for i, school in enumerate(schools)
        ],
        batch_size=BATCH,
    )
    through = TutorProfile.topics.through
    through.objects.bulk_create(
        [
            through(tutorprofile_id=profile.pk, topic_id=topic.pk)
            for profile, school in zip(profiles, schools, strict=True)
            for topic in rng.sample(topics_by_town[school.parent_id], 3)
        ],
        batch_size=BATCH,
    )
    progress("tutor profiles", len(profiles))

    today = timezone.localdate()
    monday = week_start(today)
    weeks = [monday + timedelta(weeks=w) for w in range(-WEEKS_BACK, WEEKS_AHEAD)]
    now = timezone.now()
    # The bench tutor teaches in the first school beside its own tutor.
    teachers = [(tutor_ids[i], school, i) for i, school in enumerate(schools)]
    teachers.append((state["bench_tutor"], schools[0], 0))
    total_slots = len(teachers) * len(weeks)
    done = 0
    bookings_made = 0
    sessions_made = 0
    for start in range(0, len(teachers), max(BATCH // len(weeks), 1)):
        chunk = teachers[start : start + max(BATCH // len(weeks), 1)]
        slots: list[Slot] = []
        for tutor_id, school, _index in chunk:
            weekday = rng.randrange(5)
            hour = rng.choice([8, 10, 12, 14])
            for week in weeks:
                begins = at_local(week + timedelta(days=weekday), time(hour))
                slots.append(
                    Slot(
                        tutor_id=tutor_id,
                        organisation=school,
                        starts_at=begins,
                        ends_at=begins + timedelta(minutes=60),
                        mode=Mode.GROUP,
                        capacity=CAPACITY,
                        booked=BOOKINGS_PER_SLOT,
                        place=Place.ON_SITE,
                    )
                )
        slots = Slot.objects.bulk_create(slots, batch_size=BATCH)
        bookings: list[Booking] = []
        sessions: list[TutoringSession] = []
        index_of = {school.pk: i for i, school in enumerate(schools)}
        for slot in slots:
            members = state["members_by_school"][index_of[slot.organisation_id]]
            people = rng.sample(members, min(BOOKINGS_PER_SLOT, len(members)))
            bookings += [
                Booking(slot_id=slot.pk, person_id=person, status=Booking.Status.CONFIRMED)
                for person in people
            ]
            if slot.starts_at < now:
                sessions.append(
                    TutoringSession(
                        tutor_id=slot.tutor_id,
                        organisation_id=slot.organisation_id,
                        date=local(slot.starts_at).date(),
                        duration_minutes=60,
                        mode=Mode.GROUP,
                        participant_count=len(people),
                        slot_id=slot.pk,
                    )
                )
        # Tutoring that was not booked (a colleague stopped by): four a week per tutor.
        for tutor_id, school, _index in chunk:
            for week in weeks[:WEEKS_BACK]:
                for _n in range(4):
                    sessions.append(
                        TutoringSession(
                            tutor_id=tutor_id,
                            organisation=school,
                            date=week + timedelta(days=rng.randrange(5)),
                            duration_minutes=rng.choice([15, 20, 30, 45]),
                            mode=Mode.INDIVIDUAL,
                            participant_count=1,
                            note="Kollega kysyi",
                        )
                    )
        Booking.objects.bulk_create(bookings, batch_size=BATCH)
        TutoringSession.objects.bulk_create(sessions, batch_size=BATCH)
        bookings_made += len(bookings)
        sessions_made += len(sessions)
        done += len(slots)
        progress("weekly times, bookings and logged tutoring", done, total_slots)

    term_start = (
        today.replace(month=8, day=1) if today.month >= 8 else today.replace(month=1, day=1)
    )
    term_end = (
        today.replace(month=12, day=31) if today.month >= 8 else today.replace(month=7, day=31)
    )
    budgets = SubstituteBudget.objects.bulk_create(
        [
            SubstituteBudget(
                school=school,
                term=f"lukukausi {term_start:%Y-%m}",
                starts_on=term_start,
                ends_on=term_end,
                amount=Decimal("3000.00"),
            )
            for school in schools
        ],
        batch_size=BATCH,
    )
    creator = state["tutor_by_school"][0]
    SubstituteSpend.objects.bulk_create(
        [
            SubstituteSpend(
                budget=budget,
                date=term_start,
                amount=Decimal("185.00"),
                description="Sijainen tutoroinnin ajaksi",
                status=SubstituteSpend.Status.APPROVED,
                created_by_id=creator,
            )
            for budget in budgets
        ],
        batch_size=BATCH,
    )
    progress("substitute budgets", len(budgets))
    state.update(bookings=bookings_made, sessions=sessions_made)
