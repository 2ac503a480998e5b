"""Reads of the topic vocabulary: where a coordinator curates, the topics they curate, and
the active topics a tutor chooses from."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from tutori.accounts.models import User
from tutori.orgs.models import Organisation
from tutori.tutoring.models import Topic


def curatable_organisations(*, user: User) -> QuerySet[Organisation]:
    """Active organisations where the user curates (their own and every one below)."""
    return Organisation.objects.visible_to(user, "tutoring.curate").order_by("path")


def topic_list(*, user: User, query: str = "") -> QuerySet[Topic]:
    """Topics the user may curate, active and deactivated, each with ``profile_count``: how
    many tutor profiles offer it (counted in the database)."""
    topics = (
        Topic.objects.visible_to(user)
        .filter(organisation__in=curatable_organisations(user=user))
        .select_related("organisation")
        .annotate(profile_count=Count("tutorprofile", distinct=True))
    )
    if query:
        topics = topics.filter(
            Q(name__icontains=query)
            | Q(name_sv__icontains=query)
            | Q(name_en__icontains=query)
            | Q(description__icontains=query)
            | Q(description_sv__icontains=query)
            | Q(description_en__icontains=query)
        )
    return topics.order_by("name", "organisation__name", "pk")  # type: ignore[no-any-return]


def topic_get(*, user: User, pk: int) -> Topic | None:
    """A topic the user sees (not necessarily one they may curate), or None."""
    return (  # type: ignore[no-any-return]
        Topic.objects.visible_to(user)
        .select_related("organisation")
        .annotate(profile_count=Count("tutorprofile", distinct=True))
        .filter(pk=pk)
        .first()
    )


def active_topics(*, user: User) -> list[Topic]:
    return list(Topic.objects.visible_to(user).filter(is_active=True).order_by("name"))
