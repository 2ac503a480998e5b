"""Tutoring impact (part C): the report page and its PDF and XLSX, the same document."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from tutori.core.http import AuthenticatedHttpRequest, require
from tutori.evaluation import document
from tutori.evaluation.forms.impact import ImpactForm
from tutori.evaluation.selectors import impact as selectors

FORMATS = ("pdf", "xlsx")


@login_required
@require_GET
def impact(request: AuthenticatedHttpRequest, fmt: str = "") -> HttpResponse:
    if fmt and fmt not in FORMATS:
        raise Http404
    require(request.user.has_perm("evaluation.tutoring_impact"))
    form = ImpactForm(request.GET or None, units=selectors.unit_choices(request.user))
    # Bad input falls back to the defaults (valid fields are kept); the form shows the errors.
    unit, term = None, selectors.term_of()
    if form.is_bound:
        form.is_valid()
        unit = form.cleaned_data.get("unit")
        term = form.cleaned_data.get("term") or term
    doc = selectors.impact_document(user=request.user, organisation=unit, term=term)
    if fmt:
        return document.download(doc, fmt)
    return render(
        request,
        "evaluation/impact.html",
        {
            "form": form,
            "document": doc,
            "export_query": document.query_without_format(request),
            # The same area and term as the funder's area report, for who may download it.
            "funder_query": urlencode(
                {"area": "1", "unit": unit.pk if unit else "", "start": term.key, "end": term.key}
            )
            if request.user.has_perm("evaluation.funder")
            else "",
        },
    )
