"""The member's side: the catalogue, booking, own bookings, week calendar, calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, service_errors
from tutori.tutoring.filters import CatalogueFilter
from tutori.tutoring.forms import BookingForm, CancelForm
from tutori.tutoring.models import Booking, Mode, Topic
from tutori.tutoring.selectors import catalogue as selectors
from tutori.tutoring.services import booking as booking_services

SLOTS_PER_PAGE = 20
BOOKINGS_PER_PAGE = 25


@login_required
@require_GET
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    topics = selectors.topic_areas(user=user)
    tutors = selectors.catalogue_tutors(user=user)
    filters = CatalogueFilter(request.GET or None, user=user, topics=topics, tutors=tutors)
    slots = selectors.catalogue_slots(user=user, filters=filters)
    page_obj = Paginator(slots, SLOTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": filters.form, "topics": topics, "page_obj": page_obj, "filters": filters}
    if request.htmx:
        return render(request, "tutoring/partials/_slot_results.html", context)
    context["named_tutors"] = selectors.named_tutors_for(user=user)
    return render(request, "tutoring/catalogue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def book(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    slot = found_or_404(selectors.slot_for_booking(user=user, pk=pk))
    topics = selectors.topics_for_slot(user=user, slot=slot)
    form = BookingForm(request.POST or None, topics=topics)
    status = 200
    if request.method == "POST" and form.is_valid():
        topic_id = form.cleaned_data["topic"]
        topic: Topic | None = next((t for t in topics if t.pk == topic_id), None)
        with service_errors(request, form) as outcome:
            booking = booking_services.booking_create(
                person=user,
                slot=slot,
                topic=topic,
                need=form.cleaned_data["need"],
                join_waiting_list=form.cleaned_data["join_waiting_list"],
            )
        if outcome.failed:
            status = 409
        else:
            text = {
                Booking.Status.CONFIRMED: _("Varaus vahvistettu. Vahvistus lähti sähköpostiisi."),
                Booking.Status.PENDING: _(
                    "Varaus odottaa tutorin hyväksyntää. Saat viestin, kun se on käsitelty."
                ),
                Booking.Status.WAITING: _("Aika oli täynnä: olet jonossa."),
            }[Booking.Status(booking.status)]
            messages.success(request, text)
            return redirect("tutoring:my_bookings")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "tutoring/book.html",
        {
            "slot": slot,
            "form": form,
            "is_full": slot.booked >= slot.capacity,
            "is_group": slot.mode == Mode.GROUP,
        },
        status=status,
    )


@login_required
@require_GET
def my_bookings(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    past = request.GET.get("when") == "past"
    bookings = selectors.my_bookings(user=user, past=past)
    page_obj = Paginator(bookings, BOOKINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "tutoring/my_bookings.html", {"page_obj": page_obj, "past": past})


@login_required
@require_http_methods(["GET", "POST"])
def booking_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    booking = found_or_404(selectors.booking_for_person(user=user, pk=pk))
    form = CancelForm(request.POST or None)
    if booking.status == Booking.Status.WAITING and request.method == "POST":
        # Leaving a waiting list frees nobody's seat: no reason needed.
        form = CancelForm({"reason": request.POST.get("reason") or _("Poistui jonosta")})
    status = 200
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            booking_services.booking_cancel(
                booking=booking, by=user, reason=form.cleaned_data["reason"]
            )
        if outcome.failed:
            status = 409
        else:
            messages.success(request, _("Varaus peruttu."))
            if booking.person_id == user.pk:
                return redirect("tutoring:my_bookings")
            return redirect("tutoring:availability")
    elif request.method == "POST":
        status = 400
    return render(
        request, "tutoring/booking_cancel.html", {"booking": booking, "form": form}, status=status
    )


@login_required
@require_POST
def booking_accept_proposal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    booking = selectors.booking_for_person(user=user, pk=pk)
    if booking is None or booking.person_id != user.pk:
        raise Http404
    with service_errors(request) as outcome:
        booking_services.booking_accept_proposal(booking=booking, by=user)
    if not outcome.failed:
        messages.success(request, _("Varaus siirretty ehdotettuun aikaan."))
    return redirect("tutoring:my_bookings")


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
