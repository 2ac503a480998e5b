"""Sending a survey (coordinator): the audience, sending with progress, reminders, closing and
the list of recipients."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.orgs.models import Role
from tutori.surveys.forms.distribution import AudienceForm, RecipientSearchForm
from tutori.surveys.models import Survey
from tutori.surveys.selectors import distribution as selectors
from tutori.surveys.services import distribution as services

RECIPIENTS_PER_PAGE = 50


def _survey_to_send(request: AuthenticatedHttpRequest, pk: int) -> Survey:
    survey = found_or_404(selectors.survey_to_send(user=request.user, pk=pk))
    require(rules.has_perm("surveys.edit", request.user, survey))
    return survey


def _page_context(request: AuthenticatedHttpRequest, survey: Survey) -> dict[str, object]:
    return {
        "survey": survey,
        "progress": services.send_progress(survey),
        "organisations": list(survey.audience_organisations.all().order_by("path")),
        "roles": [str(Role(r).label) for r in survey.audience_roles if r in Role.values],
        "list_size": services.audience_list_size(survey),
        "cohorts_size": len(survey.audience_list or []) - services.audience_list_size(survey),
    }


@login_required
@require_GET
def distribution(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey_to_send(request, pk)
    return render(request, "surveys/distribution.html", _page_context(request, survey))


@login_required
@require_http_methods(["GET", "POST"])
def audience(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey_to_send(request, pk)
    organisations = services.audience_organisations(user=request.user)
    form = AudienceForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        cohorts=services.audience_cohorts(user=request.user),
        initial={
            "cohorts": services.chosen_cohorts(survey),
            "organisations": list(survey.audience_organisations.values_list("pk", flat=True)),
            "include_descendants": survey.include_descendants,
            "roles": survey.audience_roles,
            "reminder_every_days": survey.reminder_every_days,
        },
    )
    problems: list[services.ListProblem] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        list_rows = None
        merged = 0
        if data["file"]:
            upload = data["file"]
            check = services.audience_list_parse(filename=upload.name, data=upload.read())
            problems, list_rows, merged = check.problems, check.rows, check.merged
        if not problems:
            with service_errors(request, form) as outcome:
                services.survey_audience_set(
                    by=request.user,
                    survey=survey,
                    organisations=list(data["organisations"]),
                    include_descendants=data["include_descendants"],
                    roles=data["roles"],
                    list_rows=list_rows,
                    clear_list=data["clear_list"],
                    reminder_every_days=data["reminder_every_days"],
                    cohorts=data["cohorts"] if "cohorts" in form.fields else None,
                )
            if not outcome.failed:
                text = _("Vastaanottajat tallennettu.")
                if list_rows is not None:
                    text += " " + _("Listalla %(count)s osoitetta.") % {"count": len(list_rows)}
                    if merged:
                        text += " " + _(
                            "%(merged)s riviä toisti ylempänä annettua osoitetta, ne yhdistettiin."
                        ) % {"merged": merged}
                messages.success(request, text)
                return redirect("surveys:distribution", pk=survey.pk)
    return render(
        request,
        "surveys/audience.html",
        {
            "survey": survey,
            "form": form,
            "problems": problems,
            "list_size": services.audience_list_size(survey),
        },
    )


@login_required
@require_POST
def send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey_to_send(request, pk)
    with service_errors(request) as outcome:
        started = services.survey_send(by=request.user, survey=survey)
    if not outcome.failed:
        if started:
            messages.success(
                request,
                _("Kysely lähtee vastaanottajille. Voit seurata lähetystä tällä sivulla."),
            )
        else:
            messages.info(request, _("Kyselyn lähetys on jo käynnissä."))
    return redirect("surveys:distribution", pk=survey.pk)


@login_required
@require_GET
def send_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey_to_send(request, pk)
    return render(
        request,
        "surveys/partials/_send_progress.html",
        {"survey": survey, "progress": services.send_progress(survey)},
    )


@login_required
@require_POST
def remind(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey_to_send(request, pk)
    with service_errors(request) as outcome:
        services.survey_remind(by=request.user, survey=survey)
    if not outcome.failed:
        messages.success(
            request,
            _(
                "Muistutus lähtee niille, jotka eivät ole vielä vastanneet (kullekin enintään "
                "kerran vuorokaudessa)."
            ),
        )
    return redirect("surveys:distribution", pk=survey.pk)


@login_required
@require_POST
def close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey_to_send(request, pk)
    with service_errors(request) as outcome:
        closed = services.survey_close(by=request.user, survey=survey)
    if not outcome.failed:
        if closed:
            messages.success(request, _("Kysely suljettu. Linkeillä ei voi enää vastata."))
        else:
            messages.info(request, _("Kysely oli jo suljettu."))
    return redirect("surveys:distribution", pk=survey.pk)


@login_required
@require_GET
def recipients(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey_to_send(request, pk)
    search = RecipientSearchForm(request.GET or None)
    query, answered = "", ""
    if search.is_valid():
        query, answered = search.cleaned_data["q"], search.cleaned_data["answered"]
    page_obj = Paginator(
        selectors.recipient_list(user=request.user, survey=survey, query=query, answered=answered),
        RECIPIENTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    context = {"survey": survey, "search": search, "query": query, "page_obj": page_obj}
    if request.htmx:
        return render(request, "surveys/partials/_recipient_results.html", context)
    return render(request, "surveys/recipients.html", context)
