"""Ends a session 12 hours after login, however active it has been, and renews the idle
clock (SESSION_COOKIE_AGE) at most once every SESSION_RENEW_AFTER seconds."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

SESSION_KEY = "tutori_login_at"
SEEN_KEY = "tutori_seen_at"


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SESSION_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_KEY] = now
            elif now - float(started) > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)
                return self.get_response(request)
            seen = request.session.get(SEEN_KEY)
            if seen is None or now - float(seen) > settings.SESSION_RENEW_AFTER:
                # Modifying the session saves it and sends the cookie with a new expiry.
                request.session[SEEN_KEY] = now
        return self.get_response(request)
