"""Booking: booking a time, one's own bookings, cancelling, accepting a proposed time, and a
tutor's (or coordinator's) decision on a booking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutori.core.errors import ApplicationError
from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.tutoring import permissions
from tutori.tutoring.forms.booking import BookingForm, CancelForm, DecisionForm
from tutori.tutoring.models import Booking, Mode, Topic
from tutori.tutoring.selectors import booking as selectors
from tutori.tutoring.selectors import catalogue as catalogue_selectors
from tutori.tutoring.selectors.policy import with_closed_reasons
from tutori.tutoring.services import booking as services
from tutori.tutoring.views.availability import _pick

BOOKINGS_PER_PAGE = 25
HISTORY_SHOWN = 5


@login_required
@require_http_methods(["GET", "POST"])
def book(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        # The service reads the time again in its transaction and checks the booking; the
        # page (with the reason the time is closed) is read only for a refusal.
        slot = found_or_404(selectors.slot_to_book(user=user, pk=pk))
    else:
        slot = found_or_404(selectors.slot_for_booking(user=user, pk=pk))
        with_closed_reasons([slot], user=user)
    # A booking sent without a topic needs no list of topics to check it against (it is
    # read for the page if the booking is refused).
    no_topic_sent = request.method == "POST" and not request.POST.get("topic")
    topics = [] if no_topic_sent else selectors.topics_for_slot(user=user, slot=slot)
    # The topic chosen in the catalogue's search comes along (?topic=), if this time offers it.
    chosen = request.GET.get("topic", "")
    initial = {"topic": next((t.pk for t in topics if str(t.pk) == chosen), None)}
    form = BookingForm(request.POST or None, topics=topics, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        topic_id = form.cleaned_data["topic"]
        topic: Topic | None = next((t for t in topics if t.pk == topic_id), None)
        with service_errors(request, form) as outcome:
            booking = services.booking_create(
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
            # The new booking is marked in the list (and its id is in the address).
            return redirect(f"{reverse('tutoring:my_bookings')}?made={booking.pk}")
    elif request.method == "POST":
        status = 400
    if status != 200:
        # The refusal may have been a change since the page was shown (the last seat taken):
        # the page shows the time as it is now.
        slot = found_or_404(selectors.slot_for_booking(user=user, pk=pk))
        with_closed_reasons([slot], user=user)
        if no_topic_sent:
            form.set_topics(selectors.topics_for_slot(user=user, slot=slot))
    is_group = slot.mode == Mode.GROUP
    is_full = slot.booked >= slot.capacity
    return render(
        request,
        "tutoring/book.html",
        {
            "slot": slot,
            "form": form,
            "is_full": is_full,
            "is_group": is_group,
            # A full group time is booked by joining its waiting list, one button; a full
            # time of one person, or one whose bookings wait for approval, cannot be booked.
            "joins_waiting_list": is_full and is_group and not slot.requires_approval,
            "mine": selectors.has_active_booking(user=user, slot=slot),
            "profile": catalogue_selectors.profile_for_slot(user=user, slot=slot),
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
    page_obj.object_list = selectors.with_waiting_positions(page_obj.object_list)
    # Under the upcoming ones, the latest of the history (cancelled, declined, gone by).
    history = [] if past else list(selectors.my_bookings(user=user, past=True)[:HISTORY_SHOWN])
    return render(
        request,
        "tutoring/my_bookings.html",
        {
            "page_obj": page_obj,
            "past": past,
            "history": history,
            "made": request.GET.get("made", ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def booking_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        # The service reads the booking again under its lock; the page needs more only on
        # a refusal.
        booking = found_or_404(selectors.booking_to_act_on(user=user, pk=pk))
    else:
        booking = found_or_404(selectors.booking_for_person(user=user, pk=pk))
    form = CancelForm(request.POST or None)
    if booking.status == Booking.Status.WAITING and request.method == "POST":
        # Leaving a waiting list frees nobody's seat: no reason needed.
        form = CancelForm({"reason": request.POST.get("reason") or _("Poistui jonosta")})
    status = 200
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.booking_cancel(booking=booking, by=user, reason=form.cleaned_data["reason"])
        if outcome.failed:
            status = 409
        else:
            messages.success(request, _("Varaus peruttu."))
            if booking.person_id == user.pk:
                return redirect("tutoring:my_bookings")
            return redirect("tutoring:availability")
    elif request.method == "POST":
        status = 400
    if status != 200:
        booking = found_or_404(selectors.booking_for_person(user=user, pk=pk))
    return render(
        request, "tutoring/booking_cancel.html", {"booking": booking, "form": form}, status=status
    )


@login_required
@require_POST
def booking_accept_proposal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    booking = found_or_404(selectors.own_booking(user=user, pk=pk))
    with service_errors(request) as outcome:
        services.booking_accept_proposal(booking=booking, by=user)
    if not outcome.failed:
        messages.success(request, _("Varaus siirretty ehdotettuun aikaan."))
    return redirect("tutoring:my_bookings")


@login_required
@require_POST
def booking_decline_proposal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The booker declines the time the tutor proposed; the booking stays as it was."""
    user = request.user
    booking = found_or_404(selectors.own_booking(user=user, pk=pk))
    with service_errors(request) as outcome:
        services.booking_decline_proposal(booking=booking, by=user)
    if not outcome.failed:
        messages.success(request, _("Ehdotus hylätty. Varauksesi pysyy ennallaan."))
    return redirect("tutoring:my_bookings")


@login_required
@require_http_methods(["GET", "POST"])
def booking_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    booking = found_or_404(selectors.booking_for_tutor(user=user, pk=pk))
    require(permissions.can_decide_booking(user, booking))
    is_tutor = booking.slot.tutor_id == user.pk
    # Only the tutor's own free times are offered (booking_propose checks the same rule).
    own_slots = selectors.proposable_slots(user=user, booking=booking) if is_tutor else []
    form = DecisionForm(request.POST or None, slots=own_slots)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(request, form) as outcome:
            if data["decision"] == "approve":
                services.booking_approve(booking=booking, by=user)
                text = _("Varaus hyväksytty.")
            elif data["decision"] == "decline":
                services.booking_decline(booking=booking, by=user, reason=data["reason"])
                text = _("Varaus hylätty.")
            else:
                slot = _pick(own_slots, data["proposed_slot"])
                if slot is None:
                    raise ApplicationError(_("Valitse jokin toinen omista avoimista ajoistasi."))
                services.booking_propose(booking=booking, by=user, slot=slot)
                text = _("Uusi aika ehdotettu.")
        if not outcome.failed:
            messages.success(request, text)
            return redirect("tutoring:availability" if is_tutor else "tutoring:catalogue")
    return render(
        request,
        "tutoring/tutor/booking_decide.html",
        {
            "booking": booking,
            "form": form,
            "is_tutor": is_tutor,
            "can_propose": is_tutor and bool(own_slots),
        },
        status=400 if form.errors else 200,
    )
