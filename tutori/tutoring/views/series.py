"""A weekly time and its occurrences: the series page (with what it skipped), changing one
time or this and the following ones, cancelling the rest of a weekly time."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.tutoring import permissions
from tutori.tutoring.days_off import skipped_items
from tutori.tutoring.forms.availability import WEEKDAYS
from tutori.tutoring.forms.series import FOLLOWING, ONE, SeriesCancelForm, SlotEditForm
from tutori.tutoring.models import Mode, Slot, SlotSeries
from tutori.tutoring.selectors import availability as availability_selectors
from tutori.tutoring.selectors import series as selectors
from tutori.tutoring.services import series as services

MAX_ID = 2**31 - 1


def _series(request: AuthenticatedHttpRequest, pk: int) -> SlotSeries:
    series = found_or_404(selectors.series_of(user=request.user, pk=pk) if pk <= MAX_ID else None)
    require(permissions.can_edit_series(request.user, series))
    return series


def _back(request: AuthenticatedHttpRequest, slot: Slot) -> str:
    if slot.series_id:
        return reverse("tutoring:series", args=[slot.series_id])
    if slot.tutor_id == request.user.pk:
        week = timezone.localtime(slot.starts_at).date().isoformat()
        return f"{reverse('tutoring:availability')}?week={week}"
    return reverse("tutoring:catalogue")


@login_required
@require_GET
def series(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    series = _series(request, pk)
    slots = selectors.series_slots(user=request.user, series=series)
    return render(
        request,
        "tutoring/tutor/series.html",
        {
            "series": series,
            "weekday": dict(WEEKDAYS).get(series.weekday, ""),
            "slots": slots,
            "upcoming": selectors.upcoming_open(slots),
            "skipped": skipped_items(series.skipped),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def slot_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    slot = found_or_404(availability_selectors.slot_of(user=user, pk=pk) if pk <= MAX_ID else None)
    require(permissions.can_edit_slot(user, slot))
    local_start = timezone.localtime(slot.starts_at)
    form = SlotEditForm(
        request.POST or None,
        in_series=slot.series_id is not None,
        group=slot.mode == Mode.GROUP,
        initial={
            "scope": ONE,
            "day": local_start.date(),
            "start": local_start.time(),
            "end": timezone.localtime(slot.ends_at).time(),
            "place": slot.place,
            "location": slot.location,
            "capacity": slot.capacity,
        },
    )
    editable = slot.status == Slot.Status.OPEN and slot.starts_at > timezone.now()
    if request.method == "POST" and editable and form.is_valid():
        data = form.cleaned_data
        with service_errors(request, form) as outcome:
            change = services.slot_edit(
                by=user,
                slot=slot,
                day=data["day"],
                start=data["start"],
                end=data["end"],
                place=data["place"],
                location=data["location"],
                capacity=data.get("capacity"),
                scope=data.get("scope") or ONE,
            )
        if not outcome.failed:
            if data.get("scope") == FOLLOWING:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d aika muutettu.", "%(count)d aikaa muutettu.", change.changed
                    )
                    % {"count": change.changed},
                )
            else:
                messages.success(request, _("Aika muutettu."))
            if change.kept:
                messages.warning(
                    request,
                    _(
                        "Näihin aikoihin on varauksia, joten niiden aika ja paikka pysyivät "
                        "ennallaan: %(days)s. Ehdota varaajille toista aikaa, jos aika ei "
                        "enää sovi."
                    )
                    % {"days": change.kept_text},
                )
            if change.series is not None:
                return redirect("tutoring:series", change.series.pk)
            return redirect(_back(request, slot))
    return render(
        request,
        "tutoring/tutor/slot_edit.html",
        {"slot": slot, "form": form, "editable": editable, "back": _back(request, slot)},
        status=400 if form.errors or (request.method == "POST" and not editable) else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    series = _series(request, pk)
    upcoming = selectors.upcoming_open(selectors.series_slots(user=request.user, series=series))
    chosen = request.GET.get("from", "")
    form = SeriesCancelForm(
        request.POST or None,
        slots=upcoming,
        initial={"from_slot": int(chosen) if chosen.isdigit() else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        from_slot = next(s for s in upcoming if s.pk == data["from_slot"])
        with service_errors(request, form) as outcome:
            cancelled = services.series_cancel_rest(
                by=request.user, series=series, from_slot=from_slot, reason=data["reason"]
            )
        if not outcome.failed:
            messages.success(
                request,
                ngettext(
                    "%(count)d aika peruttu. Varanneille lähti viesti.",
                    "%(count)d aikaa peruttu. Varanneille lähti viesti.",
                    len(cancelled),
                )
                % {"count": len(cancelled)},
            )
            return redirect("tutoring:series", series.pk)
    booked = sum(getattr(s, "active_bookings", 0) for s in upcoming)
    return render(
        request,
        "tutoring/tutor/series_cancel.html",
        {
            "series": series,
            "weekday": dict(WEEKDAYS).get(series.weekday, ""),
            "form": form,
            "upcoming": upcoming,
            "booked": booked,
        },
        status=400 if form.errors else 200,
    )
