"""Domain-free views: a liveness check for load balancers and the icon browsers ask for."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; send them to the SVG icon
    (a temporary redirect: the static file's name changes with its content)."""
    response = HttpResponseRedirect(static("tutori/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
