"""The coach's pages (part C): "Valmennettavat" (their people and the steps overdue, due this
week and upcoming), marking a step done (asks first; in place with htmx) and moving a step's
window with a reason."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import reswap, retarget

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.paths import permissions
from tutori.paths.forms.coach import RescheduleForm, StepDoneForm
from tutori.paths.models import PersonStep
from tutori.paths.selectors import coach as selectors
from tutori.paths.services import coach as services

# Ids beyond a database integer are nobody's (and would overflow the query).
MAX_ID = 2**31 - 1


def back_url(request: AuthenticatedHttpRequest) -> str:
    """Where to return after acting on a step: the page the link came from (``next``, a
    local address) or the coach's dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return reverse("paths:coach")


def step_or_404(request: AuthenticatedHttpRequest, pk: int) -> PersonStep:
    """A step of a path the person sees (404 otherwise) that they may run (403 otherwise)."""
    ps = found_or_404(selectors.person_step_get(user=request.user, pk=pk) if pk <= MAX_ID else None)
    require(permissions.can_run_path(request.user, ps.path))
    return ps


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(rules.has_perm("paths.coach_any", request.user))
    board = selectors.coach_dashboard(user=request.user)
    return render(
        request,
        "paths/coach/dashboard.html",
        {"board": board, "here": request.get_full_path()},
    )


def _row_context(request: AuthenticatedHttpRequest, ps: PersonStep, **extra: Any) -> dict[str, Any]:
    row = selectors.row_of(ps, ps.path, today=timezone.localdate())
    return {"row": row, "here": back_url(request), **extra}


def _row_swap(request: AuthenticatedHttpRequest, ps: PersonStep, **extra: Any) -> HttpResponse:
    """The step's row as it is now, to replace the whole row (not only its actions)."""
    response = render(
        request, "paths/coach/partials/_step_row.html", _row_context(request, ps, **extra)
    )
    return reswap(retarget(response, f"#step-{ps.pk}"), "outerHTML")


@login_required
@require_http_methods(["GET", "POST"])
def step_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask first, then mark the step done (on the day given, today by default). With htmx
    the question and the answer replace the step's row in place."""
    ps = step_or_404(request, pk)
    back = back_url(request)
    if ps.done_on is not None:
        if request.htmx:
            return _row_swap(request, ps)
        messages.info(request, _("Vaihe on jo tehty."))
        return redirect(back)
    form = StepDoneForm(
        request.POST or None,
        initial={"done_on": timezone.localdate()},
        # Unique ids: several rows of the dashboard may ask at once.
        auto_id=f"step-{ps.pk}-%s",
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            done = services.step_complete(
                by=request.user, person_step=ps, on=form.cleaned_data["done_on"]
            )
        if not outcome.failed:
            if request.htmx:
                done.path = ps.path
                return _row_swap(request, done, just_done=True)
            messages.success(
                request,
                _("Vaihe merkitty tehdyksi: %(step)s") % {"step": ps.step.title},
            )
            return redirect(back)
    context = {
        "ps": ps,
        "form": form,
        "back": back,
        "window": selectors.window_text(ps.due_from, ps.due_to),
    }
    if request.htmx:
        # The question (or its errors) in the row's actions; htmx swaps a 200 only.
        return render(request, "paths/coach/partials/_step_done_confirm.html", context)
    return render(
        request,
        "paths/coach/step_done.html",
        context,
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_reschedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move a step's window, with a reason (kept on the step and in the audit log)."""
    ps = step_or_404(request, pk)
    back = back_url(request)
    if ps.done_on is not None:
        messages.info(request, _("Tehtyä vaihetta ei voi siirtää."))
        return redirect(back)
    initial = {"due_from": ps.due_from, "due_to": ps.due_to}
    form = RescheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.step_move(
                by=request.user,
                person_step=ps,
                due_from=form.cleaned_data["due_from"],
                due_to=form.cleaned_data["due_to"],
                reason=form.cleaned_data["reason"],
            )
        if not outcome.failed:
            messages.success(
                request,
                _("Vaiheen aikataulu muutettu: %(step)s, %(window)s")
                % {
                    "step": ps.step.title,
                    "window": selectors.window_text(
                        form.cleaned_data["due_from"], form.cleaned_data["due_to"]
                    ),
                },
            )
            return redirect(back)
    return render(
        request,
        "paths/coach/step_reschedule.html",
        {
            "ps": ps,
            "form": form,
            "back": back,
            "window": selectors.window_text(ps.due_from, ps.due_to),
        },
        status=400 if form.errors else 200,
    )
