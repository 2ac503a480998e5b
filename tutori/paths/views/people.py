"""People on paths (part B): putting people on a path, the coach, stopping, the coordinator's
list of paths, a path's page and the person's own "Oma polkuni"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tutori.core.http import AuthenticatedHttpRequest, found_or_404
from tutori.paths.models import PersonPath
from tutori.paths.selectors.notes import notes_context

# Ids beyond a database integer are nobody's (and would overflow the query).
MAX_ID = 2**31 - 1


@login_required
@require_GET
def path_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    path = found_or_404(
        PersonPath.objects.visible_to(request.user)
        .select_related("template", "person", "coach", "organisation")
        .filter(pk=pk)
        .first()
        if pk <= MAX_ID
        else None
    )
    return render(
        request,
        "paths/people/path.html",
        {"path": path, **notes_context(user=request.user, path=path)},
    )
