"""Reads of sending a survey: the survey a coordinator sends, its recipients, the surveys
waiting for a person."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from tutori.surveys.models import Recipient, Survey

MAX_ID = 2**31 - 1


def survey_to_send(*, user: Any, pk: int) -> Survey | None:
    """A survey (not an instrument) the person sees; the view asks ``surveys.edit``."""
    if not 0 < pk <= MAX_ID:
        return None
    return (
        Survey.objects.visible_to(user)
        .filter(pk=pk, is_instrument=False)
        .select_related("organisation")
        .first()
    )


def recipient_list(
    *, user: Any, survey: Survey, query: str = "", answered: str = ""
) -> QuerySet[Recipient]:
    rows = Recipient.objects.visible_to(user).filter(survey=survey)
    if query:
        rows = rows.filter(Q(email__icontains=query) | Q(name__icontains=query))
    if answered == "yes":
        rows = rows.filter(answered=True)
    elif answered == "no":
        rows = rows.filter(answered=False)
    return rows.select_related("organisation").order_by("email")


def surveys_waiting(*, user: Any) -> list[Recipient]:
    """The person's own recipient rows of the open surveys sent to them, newest first."""
    now = timezone.now()
    return list(
        Recipient.objects.visible_to(user)
        .filter(person=user, survey__in=Survey.objects.visible_to(user, "surveys.answer"))
        .filter(Q(survey__closes_at__isnull=True) | Q(survey__closes_at__gt=now))
        .select_related("survey")
        .order_by("answered", "survey__closes_at", "pk")
    )


def waiting_count(*, user: Any) -> int:
    now = timezone.now()
    return int(
        Recipient.objects.visible_to(user)
        .filter(
            person=user,
            answered=False,
            survey__status=Survey.Status.OPEN,
            survey__is_instrument=False,
        )
        .filter(Q(survey__closes_at__isnull=True) | Q(survey__closes_at__gt=now))
        .filter(Q(survey__opens_at__isnull=True) | Q(survey__opens_at__lte=now))
        .count()
    )
