"""The funder report (part D): choose a programme, or an area and a period; the report as a
page, and the same document as a PDF or an XLSX."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tutori.core.http import AuthenticatedHttpRequest, require
from tutori.evaluation import document
from tutori.evaluation.forms.funder import AreaForm, ProgrammeChoiceForm
from tutori.evaluation.selectors import funder as selectors

FORMATS = ("pdf", "xlsx")


def _report(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """The forms bound to the query (a programme's report when ``programme`` is asked, an
    area's when ``area`` is) and the document they choose, if any."""
    user = request.user
    programmes = list(selectors.readable_programmes(user))
    impact = user.has_perm("evaluation.tutoring_impact")
    require(bool(programmes) or impact or user.has_perm("evaluation.any"))
    programme_form = ProgrammeChoiceForm(
        request.GET if "programme" in request.GET else None, programmes=programmes
    )
    area_form = (
        AreaForm(
            request.GET if "area" in request.GET else None,
            units=selectors.unit_choices(user),
        )
        if impact
        else None
    )
    found: document.Document | None = None
    if programme_form.is_bound and programme_form.is_valid():
        programme = programme_form.cleaned_data["programme"]
        require(user.has_perm("evaluation.read", programme))
        found = selectors.programme_document(user=user, programme=programme)
    elif area_form is not None and area_form.is_bound and area_form.is_valid():
        data = area_form.cleaned_data
        found = selectors.area_document(
            user=user, organisation=data["unit"], start=data["start"], end=data["end"]
        )
    return {
        "programme_form": programme_form if programmes or programme_form.is_bound else None,
        "area_form": area_form,
        "document": found,
    }


@login_required
@require_GET
def funder(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = _report(request)
    context["export_query"] = document.query_without_format(request)
    return render(request, "evaluation/funder.html", context)


@login_required
@require_GET
def funder_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    found = _report(request)["document"]
    if found is None:
        raise Http404
    return document.download(found, fmt)
