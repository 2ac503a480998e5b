"""Shared middleware: the language, and no caching of personal pages.

Language selection: the user's saved choice, then the language cookie, then Finnish.
The browser's Accept-Language is deliberately ignored: Tutori is Finnish first, and a
shared school computer with an English browser should still open in Finnish.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from tutori.core.logs import mask_secrets

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_for(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        preferred = getattr(user, "preferred_language", "")
        if preferred in SUPPORTED:
            return preferred
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in SUPPORTED:
        return cookie
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The user is not known yet (authentication runs later), so activate from the cookie
        # here and again in process_view once the user is loaded.
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language() or language)
        return response

    def process_view(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return None


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in person and on
    every page reached by a secret link (invitation, password reset), unless the view set
    its own (the calendar feed does): pages of personal data and report downloads stay out
    of shared caches, proxies and the browser's disk. Static files never get here
    (WhiteNoise answers them earlier) and stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response and (
            _signed_in(request) or mask_secrets(request.path) != request.path
        ):
            response["Cache-Control"] = "private, no-store"
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class RequestSizeMiddleware:
    """HTTP 413 for a request whose body is larger than ``REQUEST_MAX_BYTES``, before anything
    reads it. Django's limit on form data leaves out uploaded files, which it writes to disk
    whatever their size as soon as the form is read (the CSRF check reads every POST's), on
    any URL; this limit holds for every URL. A body without a length is read as empty."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            context = {"max_mb": settings.REQUEST_MAX_BYTES // (1024 * 1024)}
            return render(request, "413.html", context, status=413)
        return self.get_response(request)
