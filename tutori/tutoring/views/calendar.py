"""The week calendar: a person's bookings and, for a tutor, their own times, day by day."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tutori.core.http import AuthenticatedHttpRequest
from tutori.tutoring.selectors import calendar as selectors


@login_required
@require_GET
def week(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    week = selectors.week_from_param(request.GET.get("week", ""))
    return render(
        request,
        "tutoring/week.html",
        {
            "days": selectors.week_calendar(user=user, monday=week.monday),
            "week": week,
            "today": timezone.localdate(),
        },
    )
