"""A tutor's log of delivered tutoring (booked through Tutori or not)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.core.time import LOG_DATES
from tutori.orgs.models import Organisation
from tutori.tutoring import permissions
from tutori.tutoring.models import Booking, Topic, TutoringSession


@scopes_disabled()
@transaction.atomic
def session_log(
    *,
    by: User,
    organisation: Organisation,
    date: date,
    duration_minutes: int,
    mode: str,
    place: str,
    participant_count: int,
    topic: Topic | None = None,
    during_lessons: bool = False,
    note: str = "",
    booking: Booking | None = None,
) -> TutoringSession:
    """Log delivered tutoring. A booking can be logged once; its people become participants."""
    if not permissions.is_tutor_within(by, organisation):
        raise PermissionDeniedError(_("Voit kirjata vain oman organisaatiosi tutorointia."))
    problem = LOG_DATES.problem(date)
    if problem:
        raise ApplicationError(problem)
    if booking is not None:
        if booking.slot.tutor_id != by.pk:
            raise PermissionDeniedError(_("Voit kirjata vain omia varauksiasi."))
        if TutoringSession.objects.filter(booking=booking).exists():
            raise ApplicationError(_("Tämä varaus on jo kirjattu."))
    session = TutoringSession(
        tutor=by,
        organisation=organisation,
        date=date,
        duration_minutes=duration_minutes,
        topic=topic,
        mode=mode,
        place=place,
        participant_count=participant_count,
        during_lessons=during_lessons,
        note=clean_text(note),
        booking=booking,
        slot=booking.slot if booking is not None else None,
    )
    session.full_clean()
    session.save()
    if booking is not None:
        people: list[Any] = list(
            Booking.objects.filter(
                slot_id=booking.slot_id, status=Booking.Status.CONFIRMED
            ).values_list("person_id", flat=True)
        )
        session.participants.set(people)
    return session
