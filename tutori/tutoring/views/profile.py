"""The tutor profile: what a tutor offers in an organisation, shown in the catalogue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tutori.core.http import AuthenticatedHttpRequest, chosen_or_404, require, service_errors
from tutori.tutoring.forms.profile import ProfileForm
from tutori.tutoring.selectors import availability as availability_selectors
from tutori.tutoring.selectors import profile as selectors
from tutori.tutoring.selectors.vocabulary import active_topics
from tutori.tutoring.services import profile as services
from tutori.tutoring.views.availability import _tutor


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _tutor(request)
    organisations = availability_selectors.tutor_organisations(user=user)
    require(bool(organisations))
    organisation = chosen_or_404(organisations, request.GET.get("org"))
    existing = selectors.profile_of(user=user, organisation=organisation)
    topics = active_topics(user=user)
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
            services.profile_save(
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
