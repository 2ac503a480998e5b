"""Reads of the catalogue: topic areas and the times a member may book, the tutors to filter
by, and the named tutors shown to members."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from tutori.accounts.models import User
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
        NamedTutor.objects.visible_to(user, "tutoring.own")
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
