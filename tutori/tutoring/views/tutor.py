"""The tutor's side: profile, availability (one-off, weekly, shared municipal time),
decisions on bookings, cancelling a time, and the log of delivered tutoring."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError
from tutori.core.http import (
    AuthenticatedHttpRequest,
    chosen_or_404,
    found_or_404,
    require,
    service_errors,
)
from tutori.tutoring import permissions
from tutori.tutoring.forms import (
    CancelForm,
    DecisionForm,
    ProfileForm,
    SeriesForm,
    SessionForm,
    SharedTimeForm,
    SlotForm,
)
from tutori.tutoring.selectors import catalogue as catalogue_selectors
from tutori.tutoring.selectors import tutor as selectors
from tutori.tutoring.selectors.curation import curatable_organisations
from tutori.tutoring.services import booking as booking_services
from tutori.tutoring.services import slots as slot_services
from tutori.tutoring.services import tutoring_log as log_services

LOG_PER_PAGE = 25


def _tutor(request: AuthenticatedHttpRequest) -> User:
    user = request.user
    require(permissions.tutors_anywhere(user))
    return user


def _pick(options: list[Any], pk: Any) -> Any:
    return next((o for o in options if o.pk == pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _tutor(request)
    organisations = selectors.tutor_organisations(user=user)
    require(bool(organisations))
    organisation = chosen_or_404(organisations, request.GET.get("org"))
    existing = selectors.profile_of(user=user, organisation=organisation)
    topics = selectors.active_topics(user=user)
    schools = selectors.schools_near(organisation=organisation)
    initial = {"languages": "suomi", "is_published": True}
    if existing is not None:
        initial = {
            "description": existing.description,
            "languages": existing.languages,
            "topics": [t.pk for t in existing.topics.all()],
            "schools": [s.pk for s in existing.schools.all()],
            "is_published": existing.is_published,
        }
    form = ProfileForm(request.POST or None, initial=initial, topics=topics, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(request, form) as outcome:
            log_services.profile_save(
                by=user,
                organisation=organisation,
                description=data["description"],
                languages=data["languages"],
                topics=[t for t in topics if t.pk in set(data["topics"])],
                schools=[s for s in schools if s.pk in set(data["schools"])],
                is_published=data["is_published"],
            )
        if not outcome.failed:
            messages.success(request, _("Tutorprofiili tallennettu."))
            return redirect(f"{request.path}?org={organisation.pk}")
    return render(
        request,
        "tutoring/tutor/profile.html",
        {"form": form, "organisation": organisation, "organisations": organisations},
    )


@login_required
@require_GET
def availability(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _tutor(request)
    week = catalogue_selectors.week_from_param(request.GET.get("week", ""))
    return render(
        request,
        "tutoring/tutor/availability.html",
        {
            "slots": selectors.own_week(user=user, monday=week.monday),
            "pending": list(selectors.pending_decisions(user=user)[:50]),
            "week": week,
            "can_share": permissions.curates_anywhere(user),
        },
    )


def _slot_form(form: Any, user: User) -> tuple[list[Any], list[Any]]:
    organisations = selectors.tutor_organisations(user=user)
    topics = selectors.active_topics(user=user)
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
            slot_services.slot_create(
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
    }


def _published(request: HttpRequest, count: int) -> None:
    messages.success(
        request,
        ngettext("%(count)d aika julkaistu.", "%(count)d aikaa julkaistu.", count)
        % {"count": count},
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _tutor(request)
    form = SeriesForm(request.POST or None)
    organisations, topics = _slot_form(form, user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(request, form) as outcome:
            series = slot_services.series_create(
                by=user,
                organisation=_pick(organisations, data["organisation"]),
                **_series_kwargs(data, topics),
            )
        if not outcome.failed:
            _published(request, series.slots.count())
            return redirect("tutoring:availability")
    return render(
        request,
        "tutoring/tutor/slot_form.html",
        {"form": form, "title": _("Uusi toistuva aika"), "weekly": True},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def shared_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.curates_anywhere(user))
    municipalities = list(curatable_organisations(user=user))
    topics = selectors.active_topics(user=user)
    form = SharedTimeForm(request.POST or None)
    form.set_choices(municipalities, topics)
    chosen = _pick(municipalities, _int(form.data.get("organisation")))
    organisation = chosen or (municipalities[0] if municipalities else None)
    tutors = selectors.tutors_within(user=user, organisation=organisation) if organisation else []
    form.set_tutors(tutors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = _pick(municipalities, data["organisation"])
        with service_errors(request, form) as outcome:
            count = slot_services.shared_time_create(
                by=user,
                organisation=organisation,
                tutors=[t for t in tutors if t.pk in set(data["tutors"])],
                **_series_kwargs(data, topics),
            )
        if not outcome.failed:
            _published(request, count)
            return redirect("tutoring:catalogue")
    return render(
        request,
        "tutoring/tutor/slot_form.html",
        {"form": form, "title": _("Kunnan yhteinen tutoraika"), "weekly": True, "shared": True},
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
            slot_services.slot_cancel(by=user, slot=slot, reason=form.cleaned_data["reason"])
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


@login_required
@require_http_methods(["GET", "POST"])
def booking_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    booking = found_or_404(selectors.booking_for_tutor(user=user, pk=pk))
    require(permissions.can_decide_booking(user, booking))
    is_tutor = booking.slot.tutor_id == user.pk
    own_slots = selectors.open_own_slots(user=user, exclude=booking.slot_id) if is_tutor else []
    form = DecisionForm(request.POST or None, slots=own_slots)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(request, form) as outcome:
            if data["decision"] == "approve":
                booking_services.booking_approve(booking=booking, by=user)
                text = _("Varaus hyväksytty.")
            elif data["decision"] == "decline":
                booking_services.booking_decline(booking=booking, by=user, reason=data["reason"])
                text = _("Varaus hylätty.")
            else:
                slot = _pick(own_slots, data["proposed_slot"])
                if slot is None:
                    raise ApplicationError(_("Valitse jokin toinen omista avoimista ajoistasi."))
                booking_services.booking_propose(booking=booking, by=user, slot=slot)
                text = _("Uusi aika ehdotettu.")
        if not outcome.failed:
            messages.success(request, text)
            return redirect("tutoring:availability" if is_tutor else "tutoring:catalogue")
    return render(
        request,
        "tutoring/tutor/booking_decide.html",
        {"booking": booking, "form": form, "is_tutor": is_tutor},
        status=400 if form.errors else 200,
    )


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
    topics = selectors.active_topics(user=user)
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
            log_services.session_log(
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
        {"form": form, "booking": booking},
        status=400 if form.errors else 200,
    )
