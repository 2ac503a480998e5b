"""A tutor's times: their week (with the bookings waiting for a decision), a one-off time,
a weekly time, the municipality's shared time, cancelling a time."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from tutori.accounts.models import User
from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.tutoring import permissions
from tutori.tutoring.days_off import skipped_text
from tutori.tutoring.forms.availability import SeriesForm, SharedTimeForm, SlotForm
from tutori.tutoring.forms.booking import CancelForm
from tutori.tutoring.selectors import availability as selectors
from tutori.tutoring.selectors import booking as booking_selectors
from tutori.tutoring.selectors import calendar as calendar_selectors
from tutori.tutoring.selectors.vocabulary import active_topics, curatable_organisations
from tutori.tutoring.services import availability as services


def _tutor(request: AuthenticatedHttpRequest) -> User:
    user = request.user
    require(permissions.tutors_anywhere(user))
    return user


def _pick(options: list[Any], pk: Any) -> Any:
    return next((o for o in options if o.pk == pk), None)


@login_required
@require_GET
def availability(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _tutor(request)
    week = calendar_selectors.week_from_param(request.GET.get("week", ""))
    return render(
        request,
        "tutoring/tutor/availability.html",
        {
            "slots": selectors.own_week(user=user, monday=week.monday),
            "pending": list(booking_selectors.pending_decisions(user=user)[:50]),
            "week": week,
            "can_share": permissions.curates_anywhere(user),
        },
    )


def _slot_form(form: Any, user: User) -> tuple[list[Any], list[Any]]:
    organisations = selectors.tutor_organisations(user=user)
    topics = active_topics(user=user)
    form.set_choices(organisations, topics)
    return organisations, topics


@login_required
@require_http_methods(["GET", "POST"])
def slot_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _tutor(request)
    form = SlotForm(request.POST or None)
    organisations, topics = _slot_form(form, user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(request, form) as outcome:
            services.slot_create(
                by=user,
                organisation=_pick(organisations, data["organisation"]),
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                mode=data["mode"],
                capacity=data["capacity"],
                place=data["place"],
                location=data["location"],
                requires_approval=data["requires_approval"],
                topics=[t for t in topics if t.pk in set(data["topics"])],
                note=data["note"],
            )
        if not outcome.failed:
            messages.success(request, _("Aika julkaistu."))
            week = timezone.localtime(data["starts_at"]).date().isoformat()
            return redirect(f"{reverse('tutoring:availability')}?week={week}")
    return render(
        request,
        "tutoring/tutor/slot_form.html",
        {"form": form, "title": _("Uusi vapaa aika")},
        status=400 if form.errors else 200,
    )


def _series_kwargs(data: dict[str, Any], topics: list[Any]) -> dict[str, Any]:
    return {
        "weekday": data["weekday"],
        "start_time": data["start"],
        "duration_minutes": data["duration_minutes"],
        "first_date": data["first_date"],
        "until": data["until"],
        "exceptions": data["exceptions"],
        "mode": data["mode"],
        "capacity": data["capacity"],
        "place": data["place"],
        "location": data["location"],
        "requires_approval": data["requires_approval"],
        "topics": [t for t in topics if t.pk in set(data["topics"])],
        "note": data["note"],
        "skip_days_off": not data.get("publish_on_days_off"),
    }


def _plan_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    keys = ("weekday", "start_time", "duration_minutes", "first_date", "until", "exceptions")
    return {k: kwargs[k] for k in (*keys, "skip_days_off")}


def _published(request: HttpRequest, count: int, skipped: str = "") -> None:
    text = ngettext("%(count)d aika julkaistu.", "%(count)d aikaa julkaistu.", count) % {
        "count": count
    }
    messages.success(request, f"{text} {skipped}".strip())


@login_required
@require_http_methods(["GET", "POST"])
def series_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _tutor(request)
    form = SeriesForm(request.POST or None)
    organisations, topics = _slot_form(form, user)
    plan = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = _pick(organisations, data["organisation"])
        kwargs = _series_kwargs(data, topics)
        with service_errors(request, form) as outcome:
            if "preview" in request.POST:
                # What would be published and what skipped, before publishing.
                plan = services.series_plan(organisation=organisation, **_plan_kwargs(kwargs))
            else:
                series = services.series_create(by=user, organisation=organisation, **kwargs)
        if not outcome.failed and plan is None:
            _published(request, series.slots.count(), skipped_text(series.skipped))
            return redirect("tutoring:series", series.pk)
    return render(
        request,
        "tutoring/tutor/slot_form.html",
        {"form": form, "title": _("Uusi toistuva aika"), "weekly": True, "plan": plan},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def shared_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.curates_anywhere(user))
    municipalities = list(curatable_organisations(user=user))
    topics = active_topics(user=user)
    form = SharedTimeForm(request.POST or None)
    form.set_choices(municipalities, topics)
    chosen = _pick(municipalities, _int(form.data.get("organisation")))
    organisation = chosen or (municipalities[0] if municipalities else None)
    tutors = selectors.tutors_within(user=user, organisation=organisation) if organisation else []
    form.set_tutors(tutors)
    plan = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = _pick(municipalities, data["organisation"])
        kwargs = _series_kwargs(data, topics)
        with service_errors(request, form) as outcome:
            plan = services.series_plan(organisation=organisation, **_plan_kwargs(kwargs))
            if "preview" not in request.POST:
                count = services.shared_time_create(
                    by=user,
                    organisation=organisation,
                    tutors=[t for t in tutors if t.pk in set(data["tutors"])],
                    **kwargs,
                )
        if not outcome.failed and "preview" not in request.POST:
            _published(request, count, plan.skipped_text)
            return redirect("tutoring:catalogue")
    return render(
        request,
        "tutoring/tutor/slot_form.html",
        {
            "form": form,
            "title": _("Kunnan yhteinen tutoraika"),
            "weekly": True,
            "shared": True,
            "plan": plan if "preview" in request.POST else None,
        },
        status=400 if form.errors else 200,
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_http_methods(["GET", "POST"])
def slot_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    slot = found_or_404(selectors.slot_of(user=user, pk=pk))
    require(permissions.can_cancel_slot(user, slot))
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.slot_cancel(by=user, slot=slot, reason=form.cleaned_data["reason"])
        if not outcome.failed:
            messages.success(request, _("Aika peruttu. Varanneille lähti viesti."))
            return redirect(
                "tutoring:availability" if slot.tutor_id == user.pk else "tutoring:catalogue"
            )
    return render(
        request,
        "tutoring/tutor/slot_cancel.html",
        {"slot": slot, "form": form},
        status=400 if form.errors else 200,
    )
