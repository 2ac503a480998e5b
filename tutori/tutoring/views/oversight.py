"""Oversight: a unit's bookings and hours, substitute budgets, the tutoring-hours report."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def unit(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def budgets(request: HttpRequest) -> HttpResponse:
    raise Http404


def budget_new(request: HttpRequest) -> HttpResponse:
    raise Http404


def budget(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def spend_new(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def spend_decide(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def report_hours(request: HttpRequest) -> HttpResponse:
    raise Http404
