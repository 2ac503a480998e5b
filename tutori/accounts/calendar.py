"""Personal iCalendar feeds: a secret, revocable URL per person (RFC 5545 via ``icalendar``)
that shows what every app declares as a calendar source (bookings, training sessions …).

Only the token's SHA-256 is stored, so a leaked database does not leak working feed URLs;
the URL is shown once, when it is made. Making a new one revokes the old one.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import icalendar
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutori.accounts.models import CalendarFeed, User
from tutori.core.registry import CalendarEvent, calendar_sources
from tutori.core.scoping import scopes_disabled
from tutori.core.text import printable

MAX_TOKEN_LENGTH = 100
# How far back the feed reaches: last term's events stay visible in the calendar.
HISTORY = timedelta(days=60)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_active(*, user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.visible_to(user).filter(revoked_at__isnull=True).first()  # type: ignore[no-any-return]


@transaction.atomic
def feed_create(*, user: User) -> str:
    """A new secret feed token for ``user`` (the old one stops working)."""
    feed_revoke(user=user)
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(user=user, token_hash=_hash(token))
    return token


@transaction.atomic
def feed_revoke(*, user: User) -> int:
    return (
        CalendarFeed.objects.visible_to(user)
        .filter(revoked_at__isnull=True)
        .update(  # type: ignore[no-any-return]
            revoked_at=timezone.now()
        )
    )


def feed_owner(token: str) -> User | None:
    """The person whose live feed this token opens, or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    # The token is the credential: whoever holds it is not signed in.
    with scopes_disabled():
        feed = (
            CalendarFeed.objects.select_related("user")
            .filter(token_hash=_hash(token), revoked_at__isnull=True)
            .first()
        )
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def _component(event: CalendarEvent, host: str) -> icalendar.Event:
    tz = timezone.get_default_timezone()
    component = icalendar.Event()
    component.add("uid", f"{event.uid}@{host}")
    component.add("dtstamp", timezone.now())
    component.add("dtstart", timezone.localtime(event.starts_at, tz))
    component.add("dtend", timezone.localtime(event.ends_at, tz))
    # Text as written out (core.text.printable): one odd character stored in a name or a
    # place must not break the person's whole calendar.
    component.add("summary", printable(event.summary))
    if event.description:
        component.add("description", printable(event.description, multiline=True))
    if event.location:
        component.add("location", printable(event.location))
    component.add("status", event.status)
    return component


def feed_calendar(*, user: User, host: str) -> bytes:
    """The person's calendar: every registered source's events from ``HISTORY`` ago on."""
    since = timezone.now() - HISTORY
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tutori//tutori//FI")
    calendar.add("version", "2.0")
    name = _("Tutori: %(name)s") % {"name": user.display_name}
    # An X- property is written as it is unless it is given as TEXT (escaped).
    calendar.add("x-wr-calname", icalendar.vText(printable(name)))
    calendar.add("x-wr-timezone", "Europe/Helsinki")
    for source in calendar_sources():
        for event in source.events(user, since):
            calendar.add_component(_component(event, host))
    calendar.add_missing_timezones()
    return calendar.to_ical()
