"""Named tutors: each school's named tutor (nimikkotutor), set or removed by its coordinator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.tutoring import permissions
from tutori.tutoring.forms.named_tutors import NamedTutorForm
from tutori.tutoring.forms.vocabulary import MAX_ID
from tutori.tutoring.selectors import named_tutors as selectors
from tutori.tutoring.services import named_tutors as services


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
def named_tutor_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove a school's named tutor: the page asks first, the POST removes."""
    require(permissions.curates_anywhere(request.user))
    named = found_or_404(selectors.named_tutor_of(user=request.user, school_pk=pk))
    if request.method == "POST":
        with service_errors(request) as outcome:
            services.named_tutor_remove(by=request.user, school=named.school)
        if not outcome.failed:
            messages.success(
                request,
                _("Nimikkotutor poistettu: %(school)s – %(name)s")
                % {"school": named.school.name, "name": named.tutor.display_name},
            )
        return redirect("tutoring:named_tutors")
    return render(request, "tutoring/curation/named_tutor_remove.html", {"named": named})
