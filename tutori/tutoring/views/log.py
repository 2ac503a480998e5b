"""The tutoring log: a tutor's delivered tutoring and logging a session."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tutori.core.http import AuthenticatedHttpRequest, service_errors
from tutori.tutoring.forms.log import SessionForm
from tutori.tutoring.selectors import log as selectors
from tutori.tutoring.selectors.vocabulary import active_topics
from tutori.tutoring.services import log as services
from tutori.tutoring.views.availability import _int, _pick, _tutor

LOG_PER_PAGE = 25


@login_required
@require_GET
def log(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _tutor(request)
    page_obj = Paginator(selectors.own_log(user=user), LOG_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "tutoring/tutor/log.html",
        {"page_obj": page_obj, "totals": selectors.log_totals(user=user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def log_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _tutor(request)
    booking = selectors.loggable_booking(user=user, pk=_int(request.GET.get("booking")))
    organisations = selectors.loggable_organisations(user=user, booking=booking)
    topics = active_topics(user=user)
    initial: dict[str, Any] = {"date": timezone.localdate(), "duration_minutes": 45}
    if booking is not None:
        slot = booking.slot
        initial = {
            "date": timezone.localtime(slot.starts_at).date(),
            "duration_minutes": slot.duration_minutes,
            "organisation": slot.organisation_id,
            "topic": booking.topic_id,
            "mode": slot.mode,
            "place": slot.place,
            "participant_count": max(slot.booked, 1),
        }
    form = SessionForm(request.POST or None, initial=initial)
    form.set_choices(organisations, topics)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(request, form) as outcome:
            services.session_log(
                by=user,
                organisation=_pick(organisations, data["organisation"]),
                date=data["date"],
                duration_minutes=data["duration_minutes"],
                mode=data["mode"],
                place=data["place"],
                participant_count=data["participant_count"],
                topic=_pick(topics, data["topic"]),
                during_lessons=data["during_lessons"],
                note=data["note"],
                booking=booking,
            )
        if not outcome.failed:
            messages.success(request, _("Tutorointi kirjattu."))
            return redirect("tutoring:log")
    return render(
        request,
        "tutoring/tutor/log_new.html",
        {
            "form": form,
            "booking": booking,
            # A booking not yet delivered is not offered a form that would only be refused.
            "booking_problem": services.booking_log_problem(booking) if booking else "",
        },
        status=400 if form.errors else 200,
    )
