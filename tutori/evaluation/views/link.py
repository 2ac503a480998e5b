"""The evaluation index and linking a programme's surveys (part A)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.evaluation import permissions
from tutori.evaluation.forms.link import IndexSearchForm, LinkForm
from tutori.evaluation.selectors import index as selectors
from tutori.evaluation.services import invite
from tutori.evaluation.services import link as services

PER_PAGE = 25


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    require(bool(permissions.evaluates_anywhere(user)) or selectors.steers_any(user))
    search = IndexSearchForm(request.GET or None)
    data = search.cleaned_data if search.is_valid() else {}
    query, status = data.get("q", ""), data.get("status", "")
    page_obj = Paginator(
        selectors.evaluated_programmes(user=user, query=query, status=status), PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "search": search,
        "query": query,
        "filtered": bool(query or status),
        "page_obj": page_obj,
        "rows": selectors.rows_of(user=user, programmes=list(page_obj.object_list)),
    }
    if request.htmx:
        return render(request, "evaluation/partials/_index_results.html", context)
    return render(request, "evaluation/index.html", context)


_CREATED = {
    "pre": gettext_lazy("Alkuarviointi tehtiin mittarista ja valittiin (luonnos)."),
    "post": gettext_lazy("Loppuarviointi tehtiin mittarista ja valittiin (luonnos)."),
    "feedback": gettext_lazy("Palautekysely tehtiin mittarista ja valittiin (luonnos)."),
}


@login_required
@require_http_methods(["GET", "POST"])
def link(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    programme = found_or_404(selectors.programme_for(user=user, pk=pk))
    require(user.has_perm("evaluation.link", programme))
    evaluation = selectors.evaluation_of(programme)
    surveys = selectors.linkable_surveys(user=user, programme=programme)
    offered = {s.pk for s in surveys}
    if evaluation is not None:
        for kind in selectors.KINDS:
            linked = getattr(evaluation, f"{kind}_survey")
            if linked is not None and linked.pk not in offered:
                surveys.append(linked)
                offered.add(linked.pk)
    initial = {
        kind: getattr(evaluation, f"{kind}_survey_id") if evaluation is not None else None
        for kind in selectors.KINDS
    }
    form = LinkForm(
        request.POST if request.method == "POST" and "create" not in request.POST else None,
        surveys=surveys,
        initial=initial,
    )
    if request.method == "POST":
        create = request.POST.get("create")
        if create is not None:
            with service_errors(request) as outcome:
                services.evaluation_survey_create(by=user, programme=programme, kind=create)
            if not outcome.failed:
                messages.success(request, str(_CREATED.get(create, "")))
            return redirect("evaluation:link", pk=programme.pk)
        if form.is_valid():
            with service_errors(request, form) as outcome:
                services.evaluation_link(
                    by=user,
                    programme=programme,
                    pre_id=form.cleaned_data["pre"],
                    post_id=form.cleaned_data["post"],
                    feedback_id=form.cleaned_data["feedback"],
                )
            if not outcome.failed:
                messages.success(request, _("Arviointikyselyt tallennettiin."))
                return redirect("evaluation:link", pk=programme.pk)
    counts = selectors.answer_counts(s.pk for s in surveys if s.pk in set(initial.values()))
    return render(
        request,
        "evaluation/link.html",
        {
            "programme": programme,
            "evaluation": evaluation,
            "form": form,
            "linked": selectors.linked_of(programme, evaluation, counts),
            "warnings": services.link_warnings(programme=programme, evaluation=evaluation),
            "open_days": invite.OPEN_FOR.days,
            "within_days": invite.SENT_WITHIN.days,
        },
    )
