"""The path reports (part D): the coordinator's list of templates with their paths' counts,
and one template's report (per organisation; the step table for all of them or one).
Counts only, suppressed below five; no supervision note is ever read here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require
from tutori.paths.permissions import organises_anywhere
from tutori.paths.selectors import reports as selectors


@login_required
@require_GET
def reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(organises_anywhere(request.user))
    templates = list(selectors.report_templates(user=request.user))
    totals = selectors.template_totals(user=request.user, templates=templates)
    return render(
        request,
        "paths/reports/list.html",
        {"rows": [(t, totals[t.pk]) for t in templates]},
    )


def _organisation_id(raw: str | None) -> int | None:
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        raise Http404
    return int(raw)


@login_required
@require_GET
def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(organises_anywhere(request.user))
    template = found_or_404(selectors.report_template(user=request.user, pk=pk))
    found = found_or_404(
        selectors.path_report(
            user=request.user,
            template=template,
            organisation_id=_organisation_id(request.GET.get("org")),
        )
    )
    return render(request, "paths/reports/report.html", {"template": template, "report": found})
