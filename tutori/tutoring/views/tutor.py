"""The tutor's and coordinator's side: profile, availability, decisions, log, vocabulary."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def profile(request: HttpRequest) -> HttpResponse:
    raise Http404


def availability(request: HttpRequest) -> HttpResponse:
    raise Http404


def slot_new(request: HttpRequest) -> HttpResponse:
    raise Http404


def series_new(request: HttpRequest) -> HttpResponse:
    raise Http404


def slot_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def booking_decide(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def log(request: HttpRequest) -> HttpResponse:
    raise Http404


def log_new(request: HttpRequest) -> HttpResponse:
    raise Http404


def shared_new(request: HttpRequest) -> HttpResponse:
    raise Http404
