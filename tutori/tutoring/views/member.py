"""The member's side: the catalogue, booking, own bookings, week calendar, calendar feed."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def catalogue(request: HttpRequest) -> HttpResponse:
    raise Http404


def book(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def my_bookings(request: HttpRequest) -> HttpResponse:
    raise Http404


def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def booking_accept_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def week(request: HttpRequest) -> HttpResponse:
    raise Http404


def feed(request: HttpRequest) -> HttpResponse:
    raise Http404


def ical(request: HttpRequest, token: str) -> HttpResponse:
    raise Http404
