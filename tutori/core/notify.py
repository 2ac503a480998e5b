"""Telling a person something by mail: the one function every app's notifications call.

``notify`` renders the subject and body in the recipient's language and Helsinki time, adds a
link to the page where they act and, for a mail about a time, an ``.ics`` attachment, and
queues the mail (``core.mail.mail_send``: inside the caller's transaction, so a rolled-back
write tells nobody). A person without an e-mail address, a deactivated person, or one who has
switched the kind off on their profile gets nothing. Kinds are declared by the apps
(``core.registry.add_notification_kind``); an undeclared kind is a programming error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from icalendar import Calendar, Event

from tutori.core.mail import enqueue_with_write, mail_send
from tutori.core.registry import registry
from tutori.core.tasks import notifications_build
from tutori.core.time import HELSINKI


def site_url(path: str) -> str:
    """An absolute address of ``path`` (from ``reverse``) for a mail: ``settings.SITE_URL``."""
    return f"{settings.SITE_URL}{path}"


@dataclass(frozen=True)
class IcsEvent:
    """A time to attach to a mail as ``.ics``; ``cancelled`` sends METHOD:CANCEL."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    description: str = ""
    cancelled: bool = False
    sequence: int = 0


def ics_text(event: IcsEvent) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Tutori//tutori.fi//")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if event.cancelled else "PUBLISH")
    item = Event()
    item.add("uid", event.uid)
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("summary", event.summary)
    item.add("sequence", event.sequence)
    item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    if event.location:
        item.add("location", event.location)
    if event.description:
        item.add("description", event.description)
    calendar.add_component(item)
    return calendar.to_ical().decode()


def wants(person: Any, kind: str) -> bool:
    """Whether ``person`` gets mails of ``kind`` (declared, not switched off, reachable)."""
    declared = registry.notification_kinds.get(kind)
    if declared is None:
        raise LookupError(f"notification kind {kind!r} is not declared")
    if not getattr(person, "email", None) or not getattr(person, "is_active", False):
        return False
    return declared.essential or kind not in (person.notifications_off or [])


def notify(
    person: Any,
    *,
    kind: str,
    subject: str | Promise | Callable[[], str],
    template: str,
    context: dict[str, Any] | None = None,
    action_path: str = "",
    ics: IcsEvent | list[IcsEvent] | Callable[[], IcsEvent | list[IcsEvent]] | None = None,
) -> bool:
    """Mail ``person`` (see the module's text); True when a mail was queued.

    ``subject`` (a lazy text or a callable) and ``template`` (a plain-text template) are
    rendered in the person's language; the template gets ``context`` plus ``person``,
    ``action_url`` (the absolute address of ``action_path``) and ``profile_url`` (where the
    person switches mails off). ``ics`` may be a callable so its texts are in the person's
    language too, and a list for a mail about several times (one attachment each: a calendar
    object carries one event's method).
    """
    if not wants(person, kind):
        return False
    language = person.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(HELSINKI):
        from django.urls import reverse

        data = dict(context or {})
        data.update(
            person=person,
            action_url=site_url(action_path) if action_path else "",
            profile_url=site_url(reverse("accounts:profile")),
        )
        text = subject() if callable(subject) else subject
        attachments: list[tuple[str, str, str]] = []
        if ics is not None:
            made = ics() if callable(ics) else ics
            events = made if isinstance(made, list) else [made]
            for n, event in enumerate(events, start=1):
                name = "tutori.ics" if len(events) == 1 else f"tutori-{n}.ics"
                attachments.append((name, ics_text(event), "text/calendar"))
        mail_send(
            to=[person.email],
            subject=" ".join(str(text).split()),
            body=render_to_string(template, data),
            attachments=attachments,
        )
    return True


def notify_later(event: str, **arguments: Any) -> None:
    """Have the task worker build and queue the mails of ``event`` once the current write
    commits (nothing if it rolls back): the request only writes one task row, and rendering
    the mails, their ``.ics`` and the recipients' languages costs it nothing. The event is
    declared by its app (``core.registry.add_notification_event``); ``arguments`` are the
    ids and facts of the moment the builder needs (a status as it was when the event
    happened)."""
    if event not in registry.notification_events:
        raise LookupError(f"notification event {event!r} is not declared")
    enqueue_with_write(notifications_build, event=event, arguments=arguments)


def notify_all(people: Iterable[Any], **kwargs: Any) -> int:
    """``notify`` each person once (by id); the number of mails queued."""
    seen: set[int] = set()
    sent = 0
    for person in people:
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        sent += notify(person, **kwargs)
    return sent
