"""The feedback report of a programme (part B): its page and its PDF and XLSX downloads.
Read by those who manage the programme and by its steering group (``evaluation.read``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require
from tutori.evaluation import document
from tutori.evaluation.selectors import feedback as selectors
from tutori.programmes.models import Programme
from tutori.programmes.selectors.programmes import programme_get

FORMATS = ("pdf", "xlsx")


def readable_programme(request: AuthenticatedHttpRequest, pk: int) -> Programme:
    """The programme whose reports the user may read: 404 when they don't see it, 403 when
    they see it but may not read its evaluation."""
    programme = found_or_404(programme_get(user=request.user, pk=pk))
    require(request.user.has_perm("evaluation.read", programme))
    return programme


def _page_query(request: AuthenticatedHttpRequest, key: str, number: int) -> str:
    query = request.GET.copy()
    query[key] = str(number)
    return query.urlencode()


@login_required
@require_GET
def feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = readable_programme(request, pk)
    result = selectors.feedback(programme=programme, texts=False)
    # Free-text answers a page at a time per question (?t<question id>=<page>); the
    # downloads hold them all.
    texts = []
    if result.survey is not None and not result.suppressed:
        for text in result.texts:
            rows = selectors.text_answers(survey=result.survey, question=text.question)
            key = f"t{text.question.pk}"
            page = Paginator(rows, selectors.TEXTS_PER_PAGE).get_page(request.GET.get(key))
            texts.append(
                {
                    "result": text,
                    "page": page,
                    "anchor": f"texts-{text.question.pk}",
                    "previous": _page_query(request, key, page.number - 1)
                    if page.has_previous()
                    else "",
                    "next": _page_query(request, key, page.number + 1) if page.has_next() else "",
                }
            )
    return render(
        request,
        "evaluation/feedback.html",
        {
            "programme": programme,
            "document": selectors.feedback_document(
                programme=programme, texts=False, result=result
            ),
            "feedback": result,
            "texts": texts,
            "can_link": request.user.has_perm("evaluation.link", programme),
        },
    )


@login_required
@require_GET
def feedback_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    programme = readable_programme(request, pk)
    return document.download(selectors.feedback_document(programme=programme), fmt)
