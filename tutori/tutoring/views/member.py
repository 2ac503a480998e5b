"""The member's side: the catalogue, booking, own bookings, week calendar, calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError
from tutori.core.http import found_or_404
from tutori.tutoring.forms import BookingForm, CancelForm, CatalogueFilterForm
from tutori.tutoring.models import Booking, Mode, Topic
from tutori.tutoring.selectors import catalogue as selectors
from tutori.tutoring.services import booking as booking_services
from tutori.tutoring.services import feed as feed_services

SLOTS_PER_PAGE = 20
BOOKINGS_PER_PAGE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    topics = selectors.topic_areas(user=user)
    tutors = selectors.catalogue_tutors(user=user)
    form = CatalogueFilterForm(request.GET or None, topics=topics, tutors=tutors)
    filters = selectors.CatalogueFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.CatalogueFilters(
            q=data["q"],
            topic=next((t for t in topics if t.pk == data["topic"]), None),
            tutor=next((u for u in tutors if u.pk == data["tutor"]), None),
            mode=data["mode"],
            place=data["place"],
            day=data["day"],
            only_free=data["only_free"],
        )
    slots = selectors.catalogue_slots(user=user, filters=filters)
    page_obj = Paginator(slots, SLOTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "topics": topics, "page_obj": page_obj, "filters": filters}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "tutoring/partials/_slot_results.html", context)
    context["named_tutors"] = selectors.named_tutors_for(user=user)
    return render(request, "tutoring/catalogue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    slot = found_or_404(selectors.slot_for_booking(user=user, pk=pk))
    topics = selectors.topics_for_slot(user=user, slot=slot)
    form = BookingForm(request.POST or None, topics=topics)
    status = 200
    if request.method == "POST" and form.is_valid():
        topic_id = form.cleaned_data["topic"]
        topic: Topic | None = next((t for t in topics if t.pk == topic_id), None)
        try:
            booking = booking_services.booking_create(
                person=user,
                slot=slot,
                topic=topic,
                need=form.cleaned_data["need"],
                join_waiting_list=form.cleaned_data["join_waiting_list"],
            )
        except ApplicationError as error:
            form.add_error(None, str(error.message))
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
def my_bookings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    past = request.GET.get("when") == "past"
    bookings = selectors.my_bookings(user=user, past=past)
    page_obj = Paginator(bookings, BOOKINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "tutoring/my_bookings.html", {"page_obj": page_obj, "past": past})


@login_required
@require_http_methods(["GET", "POST"])
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    booking = found_or_404(selectors.booking_for_person(user=user, pk=pk))
    form = CancelForm(request.POST or None)
    if booking.status == Booking.Status.WAITING and request.method == "POST":
        # Leaving a waiting list frees nobody's seat: no reason needed.
        form = CancelForm({"reason": request.POST.get("reason") or _("Poistui jonosta")})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            booking_services.booking_cancel(
                booking=booking, by=user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            form.add_error(None, str(error.message))
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
def booking_accept_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    booking = selectors.booking_for_person(user=user, pk=pk)
    if booking is None or booking.person_id != user.pk:
        raise Http404
    try:
        booking_services.booking_accept_proposal(booking=booking, by=user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Varaus siirretty ehdotettuun aikaan."))
    return redirect("tutoring:my_bookings")


@login_required
@require_GET
def week(request: HttpRequest) -> HttpResponse:
    user = _user(request)
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


@login_required
@require_http_methods(["GET", "POST"])
def feed(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            feed_services.feed_revoke(user=user)
            messages.success(request, _("Kalenterilinkki poistettu käytöstä."))
            return redirect("tutoring:feed")
        token = feed_services.feed_create(user=user)
        url = request.build_absolute_uri(reverse("tutoring:ical", args=[token]))
    return render(
        request,
        "tutoring/feed.html",
        {"active": feed_services.feed_active(user=user), "url": url},
    )


@require_GET
def ical(request: HttpRequest, token: str) -> HttpResponse:
    owner = found_or_404(feed_services.feed_owner(token))
    body = feed_services.feed_calendar(user=owner, host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tutori.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
