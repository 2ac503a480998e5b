"""The workshops' entries of a person's iCalendar feed: the workshops with a start time that
they facilitate as the creator or joined with their account, not yet closed. A workshop has
no end time: its entry lasts ``DURATION`` (a Puimala session is an afternoon)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse

from tutori.core.registry import CalendarEvent
from tutori.core.scoping import scopes_disabled
from tutori.core.time import shown_moment
from tutori.workshops.models import Workshop, WorkshopParticipant

DURATION = timedelta(hours=3)
FEED_LIMIT = 200


def _moment(workshop: Workshop) -> datetime:
    assert workshop.starts_at is not None
    return shown_moment(workshop.held_on, workshop.starts_at)


def workshop_events(user: Any, since: datetime) -> Iterator[CalendarEvent]:
    with scopes_disabled():  # the person's own workshops, chosen by the conditions below
        joined = WorkshopParticipant.objects.filter(user=user).values("workshop_id")
        workshops = (
            Workshop.objects.filter(Q(created_by=user) | Q(pk__in=joined))
            .filter(held_on__gte=since.date(), starts_at__isnull=False)
            .exclude(status=Workshop.Status.CLOSED)
            .select_related("organisation")
            .order_by("held_on", "starts_at", "pk")[:FEED_LIMIT]
        )
        for w in workshops:
            starts = _moment(w)
            page = (
                reverse("workshops:workshop", args=[w.pk])
                if w.created_by_id == user.pk
                else reverse("workshops:take_part", args=[w.pk])
            )
            yield CalendarEvent(
                uid=f"workshop-{w.pk}",
                summary=w.title,
                starts_at=starts,
                ends_at=starts + DURATION,
                description=page,
                location=w.organisation.name,
            )
