"""A survey's results: the live response rate (an htmx fragment of the survey page), the
results page with its charts, tables and filters, and the export as CSV or XLSX."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tutori.core import charts, exports, privacy
from tutori.core.export_jobs import inline_rows
from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require
from tutori.surveys import exports as survey_exports
from tutori.surveys import permissions
from tutori.surveys.forms.results import ResultsFilterForm
from tutori.surveys.models import Question, Survey
from tutori.surveys.selectors import results as selectors
from tutori.surveys.services.results import results_export_record

TEXTS_PER_PAGE = 50
# The refresh of the response rate while the survey is open (seconds).
RATE_REFRESH_SECONDS = 10


def suppressed_message() -> str:
    return _("Alle 5 vastausta: tuloksia ei näytetä yksityisyyden suojaamiseksi.")


def reveals_the_rest_message() -> str:
    return _(
        "Rajaus jättää pois alle 5 vastausta: tuloksia ei näytetä, koska niitä kaikkien "
        "vastausten tuloksiin vertaamalla näkisi pois jätetyt vastaukset."
    )


def _survey(request: AuthenticatedHttpRequest, pk: int) -> Survey:
    survey = found_or_404(selectors.results_survey_get(user=request.user, pk=pk))
    require(permissions.can_see_results(request.user, survey))
    return survey


def rate_context(request: Any, survey: Survey) -> dict[str, Any]:
    """What the response-rate fragment shows (also included in the survey's own page)."""
    return {
        "survey": survey,
        "rate": selectors.response_rate(user=request.user, survey=survey),
        "refresh": survey.status == Survey.Status.OPEN,
        "refresh_seconds": RATE_REFRESH_SECONDS,
    }


@login_required
@require_GET
def rate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The response rate alone: the survey page's fragment refreshes itself from here."""
    survey = _survey(request, pk)
    return render(request, "surveys/partials/_results_rate.html", rate_context(request, survey))


def _filtered(
    request: AuthenticatedHttpRequest, survey: Survey
) -> tuple[ResultsFilterForm, selectors.Filters]:
    form = ResultsFilterForm(
        request.GET or None,
        organisations=selectors.organisation_options(user=request.user, survey=survey),
    )
    return form, form.filters()


def _chart(result: selectors.QuestionResult) -> SafeString:
    return charts.bar_chart_svg(
        labels=[bar.label for bar in result.bars],
        values=[bar.count for bar in result.bars],
        bar_labels=[f"{bar.count} ({bar.share} %)" for bar in result.bars],
        value_label=_("Vastauksia"),
        title=result.text,
    )


def _query(request: AuthenticatedHttpRequest, *drop: str) -> str:
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    return query.urlencode()


def _filters_query(filters: selectors.Filters) -> str:
    """The query string of ``filters`` alone (links in the kept HTML carry nothing else)."""
    query = QueryDict(mutable=True)
    if filters.organisation is not None:
        query["organisation"] = str(filters.organisation.pk)
    if filters.role:
        query["role"] = filters.role
    return query.urlencode()


def _shown_question(request: AuthenticatedHttpRequest) -> int | None:
    raw = request.GET.get("text")
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise Http404 from None
    if not 0 < value < 2**31:
        raise Http404
    return value


@login_required
@require_GET
def results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form, filters = _filtered(request, survey)
    show_all = _shown_question(request)

    def content() -> str:
        report = selectors.survey_results(
            user=request.user, survey=survey, filters=filters, show_all_texts=show_all
        )
        sections = []
        all_texts = None
        for section in report.sections:
            rows = []
            for result in section.questions:
                chart = _chart(result) if result.bars and not result.suppressed else None
                rows.append((result, chart))
                if result.question.pk == show_all and result.kind == Question.Kind.TEXT:
                    all_texts = result
            sections.append((section, rows))
        texts_page = None
        if all_texts is not None and not all_texts.suppressed:
            texts_page = Paginator(
                selectors.text_answers(
                    user=request.user, survey=survey, filters=filters, question=all_texts.question
                ),
                TEXTS_PER_PAGE,
            ).get_page(request.GET.get("page"))
        query = _filters_query(filters)
        return render_to_string(
            "surveys/partials/_results_content.html",
            {
                "survey": survey,
                "form": form,
                "report": report,
                "sections": sections,
                "all_texts": all_texts,
                "texts_page": texts_page,
                "suppressed_message": (
                    reveals_the_rest_message() if report.reveals_the_rest else suppressed_message()
                ),
                "query": query,
                "export_query": query,
                **rate_context(request, survey),
            },
            # The paged free text's links need the request (such a page is never kept).
            request=request if texts_page is not None else None,
        )

    # A closed survey's page is rendered once and kept (per state, reach, language and
    # filters: selectors.kept_while_closed); a page of one question's free text, or a form
    # with errors, is always rendered afresh.
    if show_all is None and (not form.is_bound or form.is_valid()):
        organisation = filters.organisation.pk if filters.organisation else ""
        html = selectors.kept_while_closed(
            survey, request.user, "results-page", (organisation, filters.role), content
        )
    else:
        html = content()
    return render(
        request,
        "surveys/results.html",
        # Rendered by our own autoescaping template above.
        {"survey": survey, "content_html": mark_safe(html)},  # noqa: S308
    )


@login_required
@require_GET
def export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    survey = _survey(request, pk)
    form, filters = _filtered(request, survey)
    back = reverse("surveys:results", args=[survey.pk])
    if form.is_bound and not form.is_valid():
        # Never a wider export than the person asked for.
        messages.error(request, _("Rajaus ei kelpaa: tarkista organisaatio ja rooli."))
        return redirect(back)
    with_names = not survey.anonymous and permissions.sees_all_results(request.user, survey)
    # As many rows as the export has (one per submitted response under the filters).
    rows = selectors.submitted_responses(user=request.user, survey=survey, filters=filters).count()
    small = privacy.is_small(rows)
    if (
        small
        or selectors.Results(
            survey=survey,
            filters=filters,
            n=rows,
            left_out=selectors.left_out(user=request.user, survey=survey, filters=filters, n=rows),
        ).reveals_the_rest
    ):
        messages.error(request, suppressed_message() if small else reveals_the_rest_message())
        query = _query(request)
        return redirect(f"{back}?{query}" if query else back)
    if rows > inline_rows():
        # Too large to build in the request: the worker builds it, the job page follows it.
        job = survey_exports.results_export_queue(
            user=request.user, survey=survey, filters=filters, fmt=fmt, with_names=with_names
        )
        messages.info(
            request,
            _(
                "Vienti on suuri, joten se tehdään taustalla. Voit odottaa tällä sivulla tai "
                "hakea tiedoston myöhemmin Omat viennit -sivulta."
            ),
        )
        return redirect("core:export", pk=job.pk)
    table = selectors.results_export(
        user=request.user, survey=survey, filters=filters, with_names=with_names
    )
    results_export_record(
        survey=survey,
        by=request.user,
        fmt=fmt,
        rows=len(table.rows),
        covers=filters.describe(),
        with_names=with_names,
    )
    filename = survey_exports.export_filename(survey, fmt)
    if fmt == "csv":
        return exports.csv_response(table.header, table.rows, filename=filename)
    return exports.xlsx_response(
        table.header, table.rows, filename=filename, sheet_title=survey_exports.sheet_title()
    )
