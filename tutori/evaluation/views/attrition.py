"""The attrition report of a programme (part B): its page and its PDF and XLSX downloads.
Read by those who manage the programme and by its steering group (``evaluation.read``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tutori.core.http import AuthenticatedHttpRequest
from tutori.evaluation import document
from tutori.evaluation.selectors import attrition as selectors
from tutori.evaluation.views.feedback import FORMATS, readable_programme


@login_required
@require_GET
def attrition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = readable_programme(request, pk)
    return render(
        request,
        "evaluation/attrition.html",
        {
            "programme": programme,
            "document": selectors.attrition_document(programme=programme),
            "can_link": request.user.has_perm("evaluation.link", programme),
        },
    )


@login_required
@require_GET
def attrition_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    programme = readable_programme(request, pk)
    return document.download(selectors.attrition_document(programme=programme), fmt)
