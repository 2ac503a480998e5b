"""The dashboard each role lands on after login."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from tutori.orgs import selectors as org_selectors
from tutori.tutoring.selectors import dashboard as tutoring_selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    return redirect("accounts:login")


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    context = org_selectors.dashboard_get(user=request.user)
    context.update(tutoring_selectors.tutoring_summary(user=request.user))
    return render(request, "dashboard/dashboard.html", context)
