"""The booking rules of the organisations a coordinator runs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tutori.core.http import AuthenticatedHttpRequest, chosen_or_404, require, service_errors
from tutori.tutoring import permissions
from tutori.tutoring.forms.policy import BookingPolicyForm
from tutori.tutoring.models import BookingPolicy
from tutori.tutoring.selectors import vocabulary as vocabulary_selectors
from tutori.tutoring.services import policy as services


@login_required
@require_http_methods(["GET", "POST"])
def policies(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Booking and cancellation deadlines and limits of the organisations a coordinator runs."""
    require(permissions.curates_anywhere(request.user))
    organisations = list(vocabulary_selectors.curatable_organisations(user=request.user))
    require(bool(organisations))
    organisation = chosen_or_404(organisations, request.GET.get("org"))
    effective = services.policy_for(organisation)
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
        "reminder_hours_before": policy.reminder_hours_before,
    }
