"""Reads of the member's side: topic areas and free times, own bookings, the week calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from tutori.access import engine
from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.core.time import at_local, local, week_start
from tutori.tutoring.models import Booking, NamedTutor, Slot, Topic, TutorProfile

if TYPE_CHECKING:
    from tutori.tutoring.filters import CatalogueFilter


def topic_areas(*, user: User) -> list[Topic]:
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


def named_tutors_for(*, user: User) -> list[NamedTutor]:
    """The named tutors (nimikkotutor) of the schools the user belongs to."""
    return list(
        NamedTutor.objects.visible_to(user)
        .filter(school_id__in=engine.reach(user).upward_ids())
        .select_related("tutor", "school")
        .order_by("school__name")
    )


def bookable_slots(*, user: User) -> QuerySet[Slot]:
    """Open future times offered where the user may book (own organisations and above)."""
    return Slot.objects.visible_to(user, "tutoring.book").filter(  # type: ignore[no-any-return]
        status=Slot.Status.OPEN, starts_at__gte=timezone.now()
    )


def catalogue_slots(*, user: User, filters: CatalogueFilter) -> QuerySet[Slot]:
    """The bookable times ``filters`` (made for ``user``) leave, each with ``mine``: whether
    the user has booked it."""
    qs = filters.qs
    mine = Booking.objects.visible_to(user).filter(
        slot_id=OuterRef("pk"), person_id=user.pk, status__in=Booking.ACTIVE
    )
    return (
        qs.distinct()
        .annotate(mine=Exists(mine))
        .select_related("tutor", "organisation")
        .prefetch_related("topics")
        .order_by("starts_at", "pk")
    )


def catalogue_tutors(*, user: User) -> list[User]:
    """Tutors with published profiles the user sees (for the tutor filter)."""
    ids = TutorProfile.objects.visible_to(user).filter(is_published=True).values("user_id")
    return list(User.objects.filter(pk__in=ids).order_by("display_name"))


def slot_for_booking(*, user: User, pk: int) -> Slot | None:
    return (  # type: ignore[no-any-return]
        Slot.objects.visible_to(user)
        .select_related("tutor", "organisation")
        .prefetch_related("topics")
        .filter(pk=pk)
        .first()
    )


def topics_for_slot(*, user: User, slot: Slot) -> list[Topic]:
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


def my_bookings(*, user: User, past: bool = False) -> QuerySet[Booking]:
    now = timezone.now()
    qs = Booking.objects.visible_to(user).filter(person=user)
    if past:
        qs = qs.filter(slot__starts_at__lt=now).order_by("-slot__starts_at")
    else:
        qs = qs.filter(slot__starts_at__gte=now).order_by("slot__starts_at", "pk")
    # A place in the queue counts the others waiting before the person: a number, no rows.
    with scopes_disabled():
        waiting_before = Booking.objects.filter(
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


def booking_for_person(*, user: User, pk: int) -> Booking | None:
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
    return week_start(day)


def week_calendar(*, user: User, monday: date) -> list[Day]:
    """Seven days from ``monday``: the user's bookings and, for a tutor, their own times."""
    start = at_local(monday)
    end = start + timedelta(days=7)
    days = [Day(day=monday + timedelta(days=i), entries=[]) for i in range(7)]
    bookings = (
        Booking.objects.visible_to(user)
        .filter(person=user, status__in=Booking.ACTIVE)
        .filter(slot__starts_at__gte=start, slot__starts_at__lt=end)
        .select_related("slot__tutor", "topic")
    )
    for booking in bookings:
        days[local(booking.slot.starts_at).weekday()].entries.append(
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
        days[local(slot.starts_at).weekday()].entries.append(
            {"kind": "slot", "start": slot.starts_at, "slot": slot}
        )
    for d in days:
        d.entries.sort(key=lambda e: e["start"])
    return days
