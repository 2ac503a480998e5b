"""The programmes' entries of a person's iCalendar feed (part A): the sessions of the
programmes they take part in (enrolled or completed), train (the programme's or the
session's trainer) or steer. A cancelled session stays in the feed as CANCELLED so that
calendars remove it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q
from django.urls import reverse

from tutori.core.notify import IcsEvent
from tutori.core.registry import CalendarEvent
from tutori.core.scoping import scopes_disabled
from tutori.core.time import shown_moment
from tutori.programmes.models import Participant, Programme, Session

FEED_LIMIT = 500


def session_moment(day: date, at: time) -> datetime:
    """The moment a session's clock time means (``core.time.shown_moment``)."""
    return shown_moment(day, at)


def session_location(session: Session) -> str:
    """Where a session is: its host organisation and its place (the host is read)."""
    return ", ".join(x for x in (session.host.name if session.host else "", session.place) if x)


def session_ics(session: Session, *, cancelled: bool = False) -> IcsEvent:
    """A session as a mail's ``.ics`` (the same UID as in the feed, so a calendar that took
    it from either matches a later cancellation)."""
    return IcsEvent(
        uid=f"programme-session-{session.pk}",
        summary=session.programme.name,
        starts_at=session_moment(session.date, session.starts_at),
        ends_at=session_moment(session.date, session.ends_at),
        location=session_location(session),
        description=session.remote_url,
        cancelled=cancelled,
        sequence=1 if cancelled else 0,
    )


def programme_events(user: Any, since: datetime) -> Iterator[CalendarEvent]:
    with scopes_disabled():  # the person's own programmes, chosen by the conditions below
        # The programmes and sessions are chosen by id first, each from a small indexed
        # table: one query joining the sessions with three many-to-many tables under an OR
        # made PostgreSQL scan every session of the country (2 s a feed at national scale).
        programme_ids = (
            Participant.objects.filter(person=user, status__in=Participant.HOLDING)
            .order_by()
            .values_list("programme_id", flat=True)
            .union(
                Programme.trainers.through.objects.filter(user=user)
                .order_by()
                .values_list("programme_id", flat=True),
                Programme.steering_group.through.objects.filter(user=user)
                .order_by()
                .values_list("programme_id", flat=True),
            )
        )
        chosen = Q(programme_id__in=list(programme_ids))
        trained = list(
            Session.trainers.through.objects.filter(user=user).values_list("session_id", flat=True)
        )
        if trained:
            chosen |= Q(pk__in=trained)
        sessions = (
            Session.objects.filter(chosen, date__gte=since.date())
            .exclude(programme__status=Programme.Status.DRAFT)
            .select_related("programme", "host")
            .order_by("date", "starts_at", "pk")[:FEED_LIMIT]
        )
        for s in sessions:
            location = session_location(s)
            lines = [s.title or s.theme or ""]
            if s.remote_url:
                lines.append(s.remote_url)
            lines.append(reverse("programmes:detail", args=[s.programme_id]))
            yield CalendarEvent(
                uid=f"programme-session-{s.pk}",
                summary=s.programme.name,
                starts_at=session_moment(s.date, s.starts_at),
                ends_at=session_moment(s.date, s.ends_at),
                description="\n".join(x for x in lines if x),
                location=location,
                status="CANCELLED" if s.is_cancelled else "CONFIRMED",
            )
