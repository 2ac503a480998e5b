"""The pre/post report of a programme (part P): the page with its filter, and the same
document as a PDF or an XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require
from tutori.evaluation import document
from tutori.evaluation.forms.prepost import PrepostFilterForm, key_of
from tutori.evaluation.selectors import prepost as selectors
from tutori.programmes.models import Programme
from tutori.programmes.selectors.programmes import programme_get

FORMATS = ("pdf", "xlsx")


def _programme(request: AuthenticatedHttpRequest, pk: int) -> Programme:
    programme = found_or_404(programme_get(user=request.user, pk=pk, people=False))
    require(request.user.has_perm("evaluation.read", programme))
    return programme


def _report(
    request: AuthenticatedHttpRequest, programme: Programme
) -> tuple[selectors.PrepostReport, PrepostFilterForm]:
    """The report as the query asks (choices it does not offer are left out), and the
    filter form bound to the query, which names what it could not use."""
    with_ids = [key for key in map(key_of, request.GET.getlist("with")) if key is not None]
    report = selectors.prepost_report(
        user=request.user,
        programme=programme,
        organisation_id=key_of(request.GET.get("org")),
        with_ids=with_ids,
    )
    form = PrepostFilterForm(
        request.GET if ("org" in request.GET or "with" in request.GET) else None,
        organisation_choices=report.organisations,
        cohort_choices=report.cohorts,
    )
    if form.is_bound:
        form.is_valid()
    return report, form


@login_required
@require_GET
def prepost(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    report, form = _report(request, programme)
    return render(
        request,
        "evaluation/prepost.html",
        {
            "programme": programme,
            "report": report,
            "document": report.document,
            "form": form,
            "unavailable_organisations": [o for o in report.organisations if not o.available],
            "unavailable_cohorts": [c for c in report.cohorts if not c.available],
            "export_query": document.query_without_format(request),
            "can_link": request.user.has_perm("evaluation.link", programme),
        },
    )


@login_required
@require_GET
def prepost_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    programme = _programme(request, pk)
    report, _form = _report(request, programme)
    return document.download(report.document, fmt)
