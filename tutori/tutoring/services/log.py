"""A tutor's log of delivered tutoring (booked through Tutori or not)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.forms import clean_text
from tutori.core.scoping import scopes_disabled
from tutori.core.time import LOG_DATES
from tutori.orgs.models import Organisation
from tutori.tutoring import permissions
from tutori.tutoring.models import Booking, Topic, TutoringSession


def booking_log_problem(booking: Booking, now: datetime | None = None) -> str:
    """Why ``booking`` cannot be logged as delivered ("" if it can): only a confirmed
    booking whose time has ended is delivered tutoring."""
    now = now or timezone.now()
    if booking.status != Booking.Status.CONFIRMED:
        return _("Vain vahvistetun varauksen voi kirjata toteutuneeksi.")
    if booking.slot.ends_at > now:
        return _("Aika ei ole vielä päättynyt: kirjaa se toteutuneeksi, kun se on pidetty.")
    return ""


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
    now: datetime | None = None,
) -> TutoringSession:
    """Log delivered tutoring. A booking can be logged once its time has ended, and once; the
    people of its time become participants."""
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
        # A group time is logged once, with every confirmed booker as a participant.
        if TutoringSession.objects.filter(slot_id=booking.slot_id).exists():
            raise ApplicationError(_("Tämä aika on jo kirjattu."))
        problem = booking_log_problem(booking, now)
        if problem:
            raise ApplicationError(problem)
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
