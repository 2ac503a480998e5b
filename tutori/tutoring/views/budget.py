"""Substitute budgets: the budgets one oversees, a new budget, a budget's spends, proposing
a spend, deciding on it (with a reason) and undoing one's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.tutoring import permissions
from tutori.tutoring.forms.budget import BudgetForm, SpendDecisionForm, SpendForm
from tutori.tutoring.models import SubstituteSpend
from tutori.tutoring.selectors import budget as selectors
from tutori.tutoring.services import budget as services


@login_required
@require_GET
def budgets(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(permissions.oversees_anywhere(request.user))
    return render(
        request,
        "tutoring/oversight/budgets.html",
        {
            "budgets": selectors.budget_list(user=request.user),
            "can_create": permissions.curates_anywhere(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(permissions.curates_anywhere(request.user))
    form = BudgetForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            created = services.budget_create(by=request.user, **form.cleaned_data)
        if not outcome.failed:
            messages.success(request, _("Sijaisbudjetti lisätty."))
            return redirect("tutoring:budget", pk=created.pk)
    return render(request, "tutoring/oversight/budget_new.html", {"form": form})


@login_required
@require_GET
def budget(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = found_or_404(selectors.budget_get(user=request.user, pk=pk))
    user = request.user
    spends = list(selectors.budget_spends(budget=item))
    return render(
        request,
        "tutoring/oversight/budget.html",
        {
            "budget": item,
            "spends": spends,
            "can_add_spend": permissions.can_add_spend(user, item),
            "can_decide": permissions.can_oversee(user, item.school),
            # One's own proposed spend is decided by someone else (four eyes).
            "decidable": {s.pk for s in spends if permissions.can_decide_spend(user, s)},
            # One's own decision, not yet used, can be undone.
            "undoable": {
                s.pk
                for s in spends
                if permissions.can_undo_spend_decision(user, s) and selectors.can_still_undo(s)
            },
            "overdrawn": item.remaining < 0,  # type: ignore[attr-defined]
            "proposed_would_overdraw": item.remaining >= 0  # type: ignore[attr-defined]
            and item.remaining_after_proposed < 0,  # type: ignore[attr-defined]
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def spend_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = found_or_404(selectors.budget_get(user=request.user, pk=pk))
    user = request.user
    require(permissions.can_add_spend(user, item))
    form = SpendForm(
        request.POST or None,
        user=user,
        budget=item,
        available=item.remaining_after_proposed,  # type: ignore[attr-defined]
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(
            request, form, fields={services.OverdraftNotConfirmed: "confirm_overdraft"}
        ) as outcome:
            services.spend_create(
                by=user,
                budget=item,
                date=data["date"],
                amount=data["amount"],
                description=data["description"],
                session=data.get("session"),
                overdraft_confirmed=bool(data.get("confirm_overdraft")),
            )
        if isinstance(outcome.error, services.OverdraftNotConfirmed):
            # Someone else proposed spend meanwhile: ask again, with the fresh balance.
            form.overdraft = True
        elif not outcome.failed:
            messages.success(request, _("Kulu lisätty. Se odottaa hyväksyntää."))
            return redirect("tutoring:budget", pk=item.pk)
    return render(request, "tutoring/oversight/spend_new.html", {"budget": item, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def spend_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    spend = found_or_404(selectors.spend_get(user=request.user, pk=pk))
    user = request.user
    require(permissions.can_decide_spend(user, spend))
    form = SpendDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        with service_errors(request) as outcome:
            services.spend_decide(
                by=user, spend=spend, approve=approve, reason=form.cleaned_data["reason"]
            )
        if not outcome.failed:
            messages.success(request, _("Kulu hyväksytty.") if approve else _("Kulu hylätty."))
        return redirect("tutoring:budget", pk=spend.budget_id)
    return render(
        request,
        "tutoring/oversight/spend_decide.html",
        {
            "spend": spend,
            "form": form,
            "is_proposed": spend.status == SubstituteSpend.Status.PROPOSED,
            # Deciding now, the decision can be undone until this day.
            "undo_until": selectors.undo_until(spend, decided_on=timezone.localdate()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def spend_undo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Undo one's own decision (asked first: the page, then its form's POST)."""
    spend = found_or_404(selectors.spend_get(user=request.user, pk=pk))
    user = request.user
    require(permissions.can_undo_spend_decision(user, spend))
    if request.method == "POST":
        with service_errors(request) as outcome:
            services.spend_undo(by=user, spend=spend)
        if not outcome.failed:
            messages.success(request, _("Päätös peruttu. Kulu odottaa taas päätöstä."))
        return redirect("tutoring:budget", pk=spend.budget_id)
    return render(
        request,
        "tutoring/oversight/spend_undo.html",
        {
            "spend": spend,
            "can_undo": selectors.can_still_undo(spend),
            "undo_until": selectors.undo_until(spend),
        },
    )
