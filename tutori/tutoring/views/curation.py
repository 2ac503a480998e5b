"""The coordinator's curation: the shared topic vocabulary and each school's named tutor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tutori.core.http import (
    AuthenticatedHttpRequest,
    chosen_or_404,
    found_or_404,
    require,
    service_errors,
)
from tutori.tutoring import permissions
from tutori.tutoring.forms_curation import (
    MAX_ID,
    BookingPolicyForm,
    NamedTutorForm,
    TopicCreateForm,
    TopicEditForm,
    TopicSearchForm,
)
from tutori.tutoring.models import BookingPolicy, Topic
from tutori.tutoring.selectors import curation as selectors
from tutori.tutoring.services import curation as services
from tutori.tutoring.services.policy import policy_for

TOPICS_PER_PAGE = 25


@login_required
@require_http_methods(["GET", "POST"])
def topics(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(permissions.curates_anywhere(request.user))
    organisations = selectors.curatable_organisations(user=request.user)
    form = TopicCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            topic = services.topic_create(by=request.user, **form.cleaned_data)
        if not outcome.failed:
            messages.success(request, _("Aihe lisätty: %(name)s") % {"name": topic.name})
            return redirect("tutoring:topics")
    search = TopicSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page_obj = Paginator(
        selectors.topic_list(user=request.user, query=query), TOPICS_PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {"form": form, "search": search, "query": query, "page_obj": page_obj}
    if request.htmx and request.method == "GET":
        return render(request, "tutoring/curation/_topic_results.html", context)
    return render(request, "tutoring/curation/topics.html", context)


def _topic_to_curate(request: AuthenticatedHttpRequest, pk: int) -> Topic:
    topic = found_or_404(selectors.topic_get(user=request.user, pk=pk) if pk <= MAX_ID else None)
    require(permissions.can_edit_topic(request.user, topic))
    return topic


@login_required
@require_http_methods(["GET", "POST"])
def topic_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    topic = _topic_to_curate(request, pk)
    form = TopicEditForm(
        request.POST or None,
        initial={
            "name": topic.name,
            "description": topic.description,
            "is_active": topic.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        was_active = topic.is_active
        with service_errors(request, form) as outcome:
            services.topic_update(by=request.user, topic=topic, **form.cleaned_data)
        if not outcome.failed:
            if was_active and not topic.is_active:
                message = _("Aihe poistettu käytöstä: %(name)s. Sen historia säilyy.")
            elif topic.is_active and not was_active:
                message = _("Aihe otettu taas käyttöön: %(name)s")
            else:
                message = _("Aihe tallennettu: %(name)s")
            messages.success(request, message % {"name": topic.name})
            return redirect("tutoring:topics")
        # The failed save changed the instance in memory; show the stored name in headings.
        topic.refresh_from_db(fields=["name", "description", "is_active"])
    return render(request, "tutoring/curation/topic_edit.html", {"topic": topic, "form": form})


def _posted_school_id(request: HttpRequest) -> int | None:
    value = request.POST.get("school", "")
    return int(value) if value.isdigit() and int(value) <= MAX_ID else None


@login_required
@require_http_methods(["GET", "POST"])
def named_tutors(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(permissions.curates_anywhere(request.user))
    rows = selectors.named_tutor_rows(user=request.user)
    posted_school_id: int | None = None
    posted_form: NamedTutorForm | None = None
    refusal = ""
    if request.method == "POST":
        posted_school_id = _posted_school_id(request)
        row = next((r for r in rows if r.school.pk == posted_school_id), None)
        if row is None:
            # Not a school the user curates (or no school at all): nothing to validate.
            refusal = _("Et voi asettaa nimikkotutoria tälle koululle.")
        else:
            posted_form = NamedTutorForm(
                request.POST, candidates=row.candidates, auto_id=f"id_school{row.school.pk}_%s"
            )
            if posted_form.is_valid():
                tutor_id = posted_form.cleaned_data["tutor"]
                tutor = next(u for u in row.candidates if u.pk == tutor_id)
                with service_errors(request, posted_form) as outcome:
                    services.named_tutor_set(by=request.user, school=row.school, tutor=tutor)
                if not outcome.failed:
                    messages.success(
                        request,
                        _("Nimikkotutor asetettu: %(school)s – %(name)s")
                        % {"school": row.school.name, "name": tutor.display_name},
                    )
                    return redirect("tutoring:named_tutors")
    entries = []
    for row in rows:
        if posted_form is not None and row.school.pk == posted_school_id:
            form = posted_form
        else:
            form = NamedTutorForm(
                initial={
                    "school": row.school.pk,
                    "tutor": row.current.tutor_id
                    if row.current and row.current_is_eligible
                    else "",
                },
                candidates=row.candidates,
                auto_id=f"id_school{row.school.pk}_%s",
            )
        entries.append((row, form))
    return render(
        request,
        "tutoring/curation/named_tutors.html",
        {"entries": entries, "posted_form": posted_form, "refusal": refusal},
    )


@login_required
@require_http_methods(["GET", "POST"])
def policies(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Booking and cancellation deadlines and limits of the organisations a coordinator runs."""
    require(permissions.curates_anywhere(request.user))
    organisations = list(selectors.curatable_organisations(user=request.user))
    require(bool(organisations))
    organisation = chosen_or_404(organisations, request.GET.get("org"))
    effective = policy_for(organisation)
    inherited_from = (
        None if effective.organisation_id == organisation.pk else effective.organisation
    )
    form = BookingPolicyForm(
        request.POST or None, instance=None, initial=_policy_initial(effective)
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.policy_save(
                by=request.user,
                organisation=organisation,
                **form.cleaned_data,
            )
        if not outcome.failed:
            messages.success(
                request, _("Varaussäännöt tallennettu: %(name)s") % {"name": organisation.name}
            )
            return redirect(f"{request.path}?org={organisation.pk}")
    return render(
        request,
        "tutoring/curation/policies.html",
        {
            "form": form,
            "organisation": organisation,
            "organisations": organisations,
            "inherited_from": inherited_from if effective.pk else None,
            "is_default": effective.pk is None,
        },
        status=400 if form.errors else 200,
    )


def _policy_initial(policy: BookingPolicy) -> dict[str, int]:
    return {
        "booking_deadline_hours": policy.booking_deadline_hours,
        "cancellation_deadline_hours": policy.cancellation_deadline_hours,
        "max_open_bookings_per_week": policy.max_open_bookings_per_week,
        "booking_window_weeks": policy.booking_window_weeks,
    }
