"""Reads of the member's side: topic areas and free times, own bookings, the week calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from tutori.tutoring import access as tutoring_access
from tutori.tutoring.models import Booking, NamedTutor, Slot, Topic, TutorProfile

HELSINKI = timezone.get_default_timezone()


def local_start(day: date) -> datetime:
    """Midnight of ``day`` in Helsinki, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=HELSINKI)


def topic_areas(*, user: Any) -> list[Topic]:
    """Topic areas offered by published tutors the user can see, with those tutors."""
    profiles = (
        TutorProfile.objects.visible_to(user)
        .filter(is_published=True)
        .select_related("user", "organisation")
        .order_by("user__display_name")
    )
    return list(
        Topic.objects.visible_to(user)
        .filter(is_active=True)
        .annotate(
            tutor_count=Count(
                "tutorprofile", filter=Q(tutorprofile__is_published=True), distinct=True
            )
        )
        .filter(tutor_count__gt=0)
        .prefetch_related(Prefetch("tutorprofile_set", queryset=profiles, to_attr="profiles"))
        .order_by("name")
    )


def named_tutors_for(*, user: Any) -> list[NamedTutor]:
    """The named tutors (nimikkotutor) of the schools the user belongs to."""
    return list(
        tutoring_access.scope_named_tutors(NamedTutor.objects.all(), user)
        .select_related("tutor", "school")
        .order_by("school__name")
    )


def bookable_slots(*, user: Any) -> QuerySet[Slot]:
    """Open future times offered where the user may book (own organisations and above)."""
    return Slot.objects.bookable_by(user).filter(  # type: ignore[no-any-return]
        status=Slot.Status.OPEN, starts_at__gte=timezone.now()
    )


@dataclass
class CatalogueFilters:
    q: str = ""
    topic: Topic | None = None
    tutor: Any = None
    mode: str = ""
    place: str = ""
    day: date | None = None
    only_free: bool = False


def catalogue_slots(*, user: Any, filters: CatalogueFilters) -> QuerySet[Slot]:
    qs = bookable_slots(user=user)
    if filters.q:
        qs = qs.filter(
            Q(tutor__display_name__icontains=filters.q)
            | Q(topics__name__icontains=filters.q)
            | Q(note__icontains=filters.q)
            | Q(organisation__name__icontains=filters.q)
        )
    if filters.topic is not None:
        # A time lists its topics, or (listing none) offers whatever its tutor offers.
        offers = TutorProfile.unscoped_objects.filter(
            user_id=OuterRef("tutor_id"), topics=filters.topic
        )
        qs = qs.filter(Q(topics=filters.topic) | (Q(topics__isnull=True) & Exists(offers)))
    if filters.tutor is not None:
        qs = qs.filter(tutor=filters.tutor)
    if filters.mode:
        qs = qs.filter(mode=filters.mode)
    if filters.place:
        qs = qs.filter(place=filters.place)
    if filters.day is not None:
        start = local_start(filters.day)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
    if filters.only_free:
        qs = qs.filter(booked__lt=F("capacity"))
    mine = Booking.unscoped_objects.filter(
        slot_id=OuterRef("pk"), person_id=user.pk, status__in=Booking.ACTIVE
    )
    return (
        qs.distinct()
        .annotate(mine=Exists(mine))
        .select_related("tutor", "organisation")
        .prefetch_related("topics")
        .order_by("starts_at", "pk")
    )


def catalogue_tutors(*, user: Any) -> list[Any]:
    """Tutors with published profiles the user sees (for the tutor filter)."""
    from tutori.accounts.models import User

    ids = TutorProfile.objects.visible_to(user).filter(is_published=True).values("user_id")
    return list(User.objects.filter(pk__in=ids).order_by("display_name"))


def slot_for_booking(*, user: Any, pk: int) -> Slot | None:
    return (  # type: ignore[no-any-return]
        Slot.objects.visible_to(user)
        .select_related("tutor", "organisation")
        .prefetch_related("topics")
        .filter(pk=pk)
        .first()
    )


def topics_for_slot(*, user: Any, slot: Slot) -> list[Topic]:
    """The topics a booker may pick: the slot's own, else those its tutor offers."""
    listed = [t for t in slot.topics.all() if t.is_active]
    if listed:
        return listed
    return list(
        Topic.objects.visible_to(user)
        .filter(is_active=True, tutorprofile__user=slot.tutor_id)
        .distinct()
        .order_by("name")
    )


def my_bookings(*, user: Any, past: bool = False) -> QuerySet[Booking]:
    now = timezone.now()
    qs = Booking.objects.visible_to(user).filter(person=user)
    if past:
        qs = qs.filter(slot__starts_at__lt=now).order_by("-slot__starts_at")
    else:
        qs = qs.filter(slot__starts_at__gte=now).order_by("slot__starts_at", "pk")
    waiting_before = Booking.unscoped_objects.filter(
        slot_id=OuterRef("slot_id"),
        status=Booking.Status.WAITING,
        created_at__lte=OuterRef("created_at"),
    )
    position = Subquery(
        waiting_before.values("slot_id").annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )
    return (  # type: ignore[no-any-return]
        qs.annotate(waiting_position=Coalesce(position, 0)).select_related(
            "slot__tutor", "slot__organisation", "topic", "proposed_slot", "proposed_slot__tutor"
        )
    )


def booking_for_person(*, user: Any, pk: int) -> Booking | None:
    return (  # type: ignore[no-any-return]
        Booking.objects.visible_to(user)
        .select_related("slot__tutor", "slot__organisation", "topic", "person", "proposed_slot")
        .filter(pk=pk)
        .first()
    )


@dataclass
class Day:
    day: date
    entries: list[dict[str, Any]]


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class Week:
    """A week from Monday, with its neighbours for the week navigation."""

    monday: date

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def number(self) -> int:
        return self.monday.isocalendar()[1]


def week_from_param(raw: str) -> Week:
    return Week(monday=monday_from_param(raw))


def monday_from_param(raw: str) -> date:
    """The Monday of the week a ``?week=YYYY-MM-DD`` parameter names; this week if bad."""
    try:
        day = date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    if not (date(2000, 1, 1) <= day <= date(2100, 1, 1)):
        day = timezone.localdate()
    return week_of(day)


def week_calendar(*, user: Any, monday: date) -> list[Day]:
    """Seven days from ``monday``: the user's bookings and, for a tutor, their own times."""
    start = local_start(monday)
    end = start + timedelta(days=7)
    days = [Day(day=monday + timedelta(days=i), entries=[]) for i in range(7)]
    bookings = (
        Booking.objects.visible_to(user)
        .filter(person=user, status__in=Booking.ACTIVE)
        .filter(slot__starts_at__gte=start, slot__starts_at__lt=end)
        .select_related("slot__tutor", "topic")
    )
    for booking in bookings:
        local = timezone.localtime(booking.slot.starts_at, HELSINKI)
        days[local.weekday()].entries.append(
            {
                "kind": "booking",
                "start": booking.slot.starts_at,
                "booking": booking,
                "slot": booking.slot,
            }
        )
    slots = (
        Slot.objects.visible_to(user)
        .filter(tutor=user, starts_at__gte=start, starts_at__lt=end)
        .prefetch_related("topics")
    )
    for slot in slots:
        local = timezone.localtime(slot.starts_at, HELSINKI)
        days[local.weekday()].entries.append(
            {"kind": "slot", "start": slot.starts_at, "slot": slot}
        )
    for d in days:
        d.entries.sort(key=lambda e: e["start"])
    return days
