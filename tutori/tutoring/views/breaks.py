"""School breaks a coordinator sets for their municipality (or a unit below it): weekly
times there skip them, as they skip Finland's public holidays."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
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
from tutori.tutoring.forms.breaks import SchoolBreakForm
from tutori.tutoring.models import SchoolBreak
from tutori.tutoring.selectors import breaks as selectors
from tutori.tutoring.selectors.vocabulary import curatable_organisations
from tutori.tutoring.services import breaks as services

MAX_ID = 2**31 - 1


def _list_url(school_break: SchoolBreak) -> str:
    return f"{reverse('tutoring:breaks')}?org={school_break.organisation_id}"


def _school_year(today: date) -> tuple[date, date]:
    """The school year around ``today`` (August to July), for the list of public holidays."""
    first = date(today.year if today.month >= 8 else today.year - 1, 8, 1)
    return first, date(first.year + 1, 7, 31)


@login_required
@require_http_methods(["GET", "POST"])
def breaks(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.curates_anywhere(user))
    organisations = list(curatable_organisations(user=user))
    require(bool(organisations))
    organisation = chosen_or_404(organisations, request.GET.get("org"))
    form = SchoolBreakForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            added = services.school_break_create(
                by=user, organisation=organisation, **form.cleaned_data
            )
        if not outcome.failed:
            messages.success(request, _("Loma lisätty: %(name)s") % {"name": added.name})
            return redirect(_list_url(added))
    first, until = _school_year(timezone.localdate())
    return render(
        request,
        "tutoring/curation/breaks.html",
        {
            "form": form,
            "organisation": organisation,
            "organisations": organisations,
            "own": selectors.breaks_of(user=user, organisation=organisation),
            "inherited": selectors.inherited_breaks(user=user, organisation=organisation),
            "holidays": selectors.holidays_between(first, until),
            "school_year": (first, until),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


def _break_to_change(request: AuthenticatedHttpRequest, pk: int) -> SchoolBreak:
    school_break = found_or_404(
        selectors.school_break_get(user=request.user, pk=pk) if pk <= MAX_ID else None
    )
    require(permissions.can_edit_school_break(request.user, school_break))
    return school_break


@login_required
@require_http_methods(["GET", "POST"])
def break_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school_break = _break_to_change(request, pk)
    form = SchoolBreakForm(
        request.POST or None,
        initial={
            "name": school_break.name,
            "starts_on": school_break.starts_on,
            "ends_on": school_break.ends_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.school_break_update(
                by=request.user, school_break=school_break, **form.cleaned_data
            )
        if not outcome.failed:
            messages.success(request, _("Loma tallennettu: %(name)s") % {"name": school_break.name})
            return redirect(_list_url(school_break))
        school_break.refresh_from_db(fields=["name", "starts_on", "ends_on"])
    return render(
        request,
        "tutoring/curation/break_edit.html",
        {"school_break": school_break, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def break_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school_break = _break_to_change(request, pk)
    if request.method == "POST":
        with service_errors(request) as outcome:
            services.school_break_delete(by=request.user, school_break=school_break)
        if not outcome.failed:
            messages.success(request, _("Loma poistettu: %(name)s") % {"name": school_break.name})
        return redirect(_list_url(school_break))
    return render(request, "tutoring/curation/break_delete.html", {"school_break": school_break})
