"""Tutoring demo data for the tutor-teacher municipality, written from seed 002.

Loaded by ``manage.py demo_data`` after the organisations and people. Idempotent: topics,
profiles and budgets are keyed on names; times, bookings and the log are added only once
(when the demo tutor has no slots yet).
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.core.time import local_moment
from tutori.orgs.models import Membership, Organisation, Role
from tutori.tutoring.days_off import typical_breaks
from tutori.tutoring.models import (
    Booking,
    BookingPolicy,
    NamedTutor,
    SchoolBreak,
    Slot,
    SubstituteBudget,
    SubstituteSpend,
    Topic,
    TutoringSession,
    TutorProfile,
)
from tutori.tutoring.services import availability as availability_services
from tutori.tutoring.services import booking as booking_services

# Seed 002: "tutoroinnin alueet tuotava näkyväksi – mihin voin saada tutorilta apua?"
TOPICS = [
    ("Digipedagogiikka", "Digitaaliset välineet opetuksen suunnittelussa ja toteutuksessa."),
    ("Arviointi", "Formatiivinen arviointi, itsearviointi ja arviointi Wilmassa."),
    ("Oppimisalustat", "Teams, Classroom ja muut oppimisympäristöt tutuiksi."),
    ("Ilmiöoppiminen", "Monialaisten oppimiskokonaisuuksien suunnittelu."),
    ("Ohjelmointi ja robotiikka", "Ohjelmoinnin alkeet eri luokka-asteilla."),
    ("Opetussuunnitelman toteutus", "Opetussuunnitelman tavoitteet arjen opetukseen."),
    ("Vertaisoppiminen tiimeissä", "Tiimien tarpeiden kartoitus ja yhteinen kehittäminen."),
    # No demo tutor offers this one: the needs survey's school plans show it as the gap.
    ("Kielitietoinen opetus", "Suomi toisena kielenä ja kielitietoisuus kaikissa aineissa."),
]
# The same topics in Swedish and English (name_sv, description_sv, name_en, description_en).
TRANSLATIONS = [
    (
        "Digital pedagogik",
        "Digitala verktyg i planeringen och genomförandet av undervisningen.",
        "Digital pedagogy",
        "Digital tools in planning and delivering teaching.",
    ),
    (
        "Bedömning",
        "Formativ bedömning, självbedömning och bedömning i Wilma.",
        "Assessment",
        "Formative assessment, self-assessment and assessment in Wilma.",
    ),
    (
        "Lärplattformar",
        "Bekanta dig med Teams, Classroom och andra lärmiljöer.",
        "Learning platforms",
        "Getting to know Teams, Classroom and other learning environments.",
    ),
    (
        "Fenomenbaserat lärande",
        "Planering av mångvetenskapliga lärområden.",
        "Phenomenon-based learning",
        "Planning multidisciplinary learning modules.",
    ),
    (
        "Programmering och robotik",
        "Grunderna i programmering i olika årskurser.",
        "Programming and robotics",
        "The basics of programming at different grade levels.",
    ),
    (
        "Att förverkliga läroplanen",
        "Läroplanens mål i den dagliga undervisningen.",
        "Implementing the curriculum",
        "The curriculum's goals in everyday teaching.",
    ),
    (
        "Kollegialt lärande i team",
        "Kartläggning av teamens behov och gemensam utveckling.",
        "Peer learning in teams",
        "Mapping the needs of teams and developing together.",
    ),
    (
        "Språkmedveten undervisning",
        "Finska som andraspråk och språkmedvetenhet i alla ämnen.",
        "Language-aware teaching",
        "Finnish as a second language and language awareness in every subject.",
    ),
]


def _next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


@scopes_disabled()
@transaction.atomic
def tutoring_demo_load() -> dict[str, int]:
    coordinator = User.objects.filter(email="coordinator@demo.tutori.fi").first()
    tutor = User.objects.filter(email="tutor@demo.tutori.fi").first()
    if coordinator is None or tutor is None:
        return {}
    municipality = (
        Membership.objects.active()
        .filter(user=coordinator, role=Role.COORDINATOR)
        .select_related("organisation")
        .first()
    )
    if municipality is None:
        return {}
    town: Organisation = municipality.organisation
    schools = list(Organisation.objects.filter(parent=town, is_active=True).order_by("name"))
    topics = []
    for (name, description), translated in zip(TOPICS, TRANSLATIONS, strict=True):
        topic, _created = Topic.objects.get_or_create(
            organisation=town, name=name, defaults={"description": description}
        )
        # Translations fill what is empty (a coordinator's own wording stays).
        fields = ("name_sv", "description_sv", "name_en", "description_en")
        empty = [f for f in fields if not getattr(topic, f)]
        for field, text in zip(fields, translated, strict=True):
            if field in empty:
                setattr(topic, field, text)
        if empty:
            topic.save(update_fields=empty)
        topics.append(topic)

    tutors = list(
        User.objects.filter(
            memberships__organisation__in=[town, *schools],
            memberships__role=Role.TUTOR,
            memberships__active_to__isnull=True,
        ).distinct()
    )
    for i, person in enumerate(tutors):
        home = (
            Membership.objects.filter(user=person, role=Role.TUTOR, active_to__isnull=True)
            .select_related("organisation")
            .first()
        )
        if home is None:
            continue
        profile, _created = TutorProfile.objects.get_or_create(
            user=person,
            organisation=home.organisation,
            defaults={
                "description": "Autan mielelläni kollegoita – varaa aika tai nykäise hihasta.",
                "languages": "suomi" if i % 3 else "suomi, ruotsi",
            },
        )
        profile.topics.set(topics[i % len(topics) : i % len(topics) + 3] or topics[:3])
        profile.schools.set(schools)
        if home.organisation in schools:
            NamedTutor.objects.get_or_create(
                school=home.organisation, defaults={"tutor": person, "set_by": coordinator}
            )

    # The municipality's school breaks, which weekly times skip: the 2026–2027 school year's
    # and those up to the year after today's.
    this_year = timezone.localdate().year - (timezone.localdate().month < 8)
    for first_year in range(min(2026, this_year), this_year + 2):
        for name, starts_on, ends_on in typical_breaks(first_year):
            SchoolBreak.objects.get_or_create(
                organisation=town, name=name, starts_on=starts_on, defaults={"ends_on": ends_on}
            )

    # The municipality's booking rules (seed 002: times are booked ahead, not at the door).
    BookingPolicy.objects.get_or_create(
        organisation=town,
        defaults={
            "booking_deadline_hours": 12,
            "cancellation_deadline_hours": 4,
            "max_open_bookings_per_week": 3,
            "booking_window_weeks": 8,
        },
    )
    counts = {"topics": len(topics), "tutors": len(tutors)}
    if Slot.objects.filter(tutor=tutor).exists():
        return counts  # times, bookings and the log were loaded on an earlier run

    monday = _next_monday()
    home_school = (
        Membership.objects.filter(user=tutor, role=Role.TUTOR, active_to__isnull=True)
        .select_related("organisation")
        .first()
    )
    school = home_school.organisation if home_school else (schools[0] if schools else town)
    # A term of weekly individual times (seed 002: "koulukohtainen tutoropettaja min 1 päivä
    # viikossa"); the municipality's breaks and the public holidays are skipped.
    availability_services.series_create(
        by=tutor,
        organisation=school,
        weekday=1,
        start_time=time(13, 0),
        duration_minutes=45,
        first_date=monday,
        until=monday + timedelta(weeks=12),
        topics=topics[:3],
    )
    # Group tutoring on Thursdays, approval required.
    availability_services.series_create(
        by=tutor,
        organisation=school,
        weekday=3,
        start_time=time(14, 30),
        duration_minutes=60,
        first_date=monday,
        until=monday + timedelta(weeks=8),
        mode="group",
        capacity=6,
        place="in_class",
        requires_approval=True,
        topics=topics[:2],
    )
    # Seed 002: "kunnan yhteinen tutoraika" – Wednesdays 14–16 for the whole municipality.
    for person in tutors[:2]:
        availability_services.series_create(
            by=coordinator,
            tutor=person,
            organisation=town,
            weekday=2,
            start_time=time(14, 0),
            duration_minutes=120,
            first_date=monday,
            until=monday + timedelta(weeks=10),
            mode="group",
            capacity=8,
            place="remote",
            location="Teams: Kunnan yhteinen tutoraika",
            is_shared=True,
            topics=topics,
        )

    teachers = list(
        User.objects.filter(
            memberships__organisation=school,
            memberships__role=Role.MEMBER,
            memberships__active_to__isnull=True,
        )
        # people who have logged in at least once (not the pending invitation)
        .exclude(email=None)
        .exclude(password__startswith="!")[:6]
    )
    group_slot = Slot.objects.filter(tutor=tutor, mode="group").order_by("starts_at").first()
    # The first individual times teachers may book now (a break may push some of them out of
    # the booking window).
    window = timezone.now() + timedelta(weeks=8)
    single = list(
        Slot.objects.filter(tutor=tutor, mode="individual", starts_at__lt=window).order_by(
            "starts_at"
        )[:4]
    )
    booked = 0
    for person, slot in zip(teachers, single, strict=False):
        booking_services.booking_create(
            person=person, slot=slot, topic=topics[0], need="Miten arvioin projektityötä Wilmassa?"
        )
        booked += 1
    if group_slot is not None:
        for person in teachers[:3]:
            booking_services.booking_create(
                person=person, slot=group_slot, topic=topics[1], need="Ryhmänä Teamsin tehtävät."
            )
            booked += 1

    # The demo teacher has a time the tutor proposed instead of their booking, to accept or
    # decline (the group time's bookings above wait for the tutor's approval).
    member = User.objects.filter(email="member@demo.tutori.fi").first()
    mine = (
        Booking.objects.filter(
            person=member,
            slot__tutor=tutor,
            slot__mode="individual",
            slot__starts_at__gt=timezone.now(),
            status__in=Booking.ACTIVE,
        )
        .select_related("slot")
        .first()
    )
    if mine is not None:
        free = (
            Slot.objects.filter(tutor=tutor, mode="individual", booked=0)
            .filter(
                starts_at__gt=mine.slot.starts_at,
                starts_at__lt=timezone.now() + timedelta(weeks=8),
            )
            .order_by("starts_at")
            .first()
        )
        if free is not None:
            booking_services.booking_propose(booking=mine, by=tutor, slot=free)

    # Times that ended in the past weeks, booked and not yet logged: the tutor has tutoring to
    # log as delivered. Booked as they were then, two days ahead (a time in the past cannot be
    # published through the services, so the time itself is stored directly).
    for weeks_ago, person in enumerate(teachers[:3], start=1):
        # The Tuesday of last week and of the two weeks before it (`monday` is next week's).
        day = monday - timedelta(weeks=weeks_ago + 1, days=-1)
        starts_at = local_moment(day, time(13, 0))
        past = Slot.objects.create(
            tutor=tutor,
            organisation=school,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=45),
            place="on_site",
            location="Opettajainhuone",
        )
        past.topics.set(topics[:3])
        booking_services.booking_create(
            person=person,
            slot=past,
            topic=topics[weeks_ago % 3],
            need="Miten otan oppilaat mukaan arviointiin?",
            now=starts_at - timedelta(days=2),
        )
        booked += 1

    # Delivered tutoring of the past weeks, some during lessons (a substitute was needed).
    today = timezone.localdate()
    sessions = []
    for week in range(1, 9):
        for j, topic in enumerate(topics[:4]):
            sessions.append(
                TutoringSession(
                    tutor=tutors[(week + j) % len(tutors)] if tutors else tutor,
                    organisation=schools[(week + j) % len(schools)] if schools else town,
                    date=today - timedelta(days=7 * week + j),
                    duration_minutes=30 + 15 * ((week + j) % 4),
                    topic=topic,
                    mode="group" if j % 2 else "individual",
                    participant_count=1 + ((week * 3 + j) % 7),
                    during_lessons=(week + j) % 3 == 0,
                    note="Kirjattu demoa varten.",
                )
            )
    TutoringSession.objects.bulk_create(sessions)

    term_start = date(today.year if today.month >= 8 else today.year - 1, 8, 1)
    for k, each in enumerate(schools):
        budget, _created = SubstituteBudget.objects.get_or_create(
            school=each,
            term=f"Lukuvuosi {term_start.year}–{term_start.year + 1}",
            defaults={
                "starts_on": term_start,
                "ends_on": date(term_start.year + 1, 7, 31),
                "amount": Decimal("1500.00") + Decimal(250 * k),
            },
        )
        lessons = [s for s in sessions if s.organisation_id == each.pk and s.during_lessons][:3]
        for n, session in enumerate(lessons):
            SubstituteSpend.objects.create(
                budget=budget,
                session=session,
                date=session.date,
                amount=Decimal("185.00"),
                description="Sijainen tutoroinnin ajaksi",
                status=SubstituteSpend.Status.APPROVED if n else SubstituteSpend.Status.PROPOSED,
                created_by=coordinator,
            )
        if not lessons:
            # Every school has a spend the coordinator proposed and its principal decides (the
            # coordinator may not: four eyes), even where no logged tutoring fell in lessons.
            SubstituteSpend.objects.create(
                budget=budget,
                date=today,
                amount=Decimal("185.00"),
                description="Sijainen tutorkoulutuksen ajaksi",
                status=SubstituteSpend.Status.PROPOSED,
                created_by=coordinator,
            )
    # The principal's school also has a spend for next week waiting for them: approved, it
    # can still be undone until the substitute's day (the others are for days already past).
    principal_school = (
        Membership.objects.active()
        .filter(user__email="manager@demo.tutori.fi", role=Role.MANAGER, organisation__in=schools)
        .values_list("organisation_id", flat=True)
        .first()
    )
    principal_budget = SubstituteBudget.objects.filter(
        school_id=principal_school, starts_on=term_start
    ).first()
    if principal_budget is not None:
        SubstituteSpend.objects.create(
            budget=principal_budget,
            date=min(monday + timedelta(days=1), principal_budget.ends_on),
            amount=Decimal("1240.50"),
            description="Sijainen tutorkoulutuspäivän ajaksi",
            status=SubstituteSpend.Status.PROPOSED,
            created_by=coordinator,
        )
    counts.update({"bookings": booked, "sessions": len(sessions), "budgets": len(schools)})
    return counts
