"""A programme's materials (part A): adding a file or a link, removing it, and downloading a
file after the permission check (files are never served from a public address)."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.programmes import permissions
from tutori.programmes.forms.programmes import MaterialForm
from tutori.programmes.models import Material
from tutori.programmes.selectors import programmes as selectors
from tutori.programmes.services import programmes as services
from tutori.programmes.views.programmes import MAX_ID, detail_url, programme_or_404


def _material(request: AuthenticatedHttpRequest, pk: int) -> Material:
    return found_or_404(selectors.material_get(user=request.user, pk=pk) if pk <= MAX_ID else None)


@login_required
@require_http_methods(["GET", "POST"])
def material_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_404(request, pk)
    require(permissions.can_train(request.user, programme))
    sessions = selectors.open_sessions(programme=programme)
    form = MaterialForm(request.POST or None, request.FILES or None, sessions=sessions)
    if request.GET.get("session", "").isdigit():
        form.initial["session"] = int(request.GET["session"])
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.material_add(
                by=request.user,
                programme=programme,
                title=form.cleaned_data["title"],
                session=form.session_obj(),
                file=form.cleaned_data.get("file"),
                url=form.cleaned_data.get("url", ""),
            )
        if not outcome.failed:
            messages.success(request, _("Materiaali lisätty."))
            return redirect(detail_url(programme, "timetable"))
    return render(
        request,
        "programmes/material_form.html",
        {"form": form, "programme": programme, "title": _("Lisää materiaalia")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def material_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    material = _material(request, pk)
    programme = material.programme
    require(permissions.can_train(request.user, programme))
    if request.method == "POST":
        with service_errors(request) as outcome:
            services.material_delete(by=request.user, material=material)
        if not outcome.failed:
            messages.success(request, _("Materiaali poistettu."))
        return redirect(detail_url(programme, "timetable"))
    return render(
        request,
        "programmes/confirm.html",
        {
            "programme": programme,
            "title": _("Poistetaanko materiaali?"),
            "explanation": material.title,
            "button": _("Poista"),
            "danger": True,
            "back_url": detail_url(programme, "timetable"),
        },
    )


@login_required
@require_GET
def material_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    material = _material(request, pk)
    require(permissions.can_read_materials(request.user, material.programme))
    if not material.file:
        raise Http404
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=PurePath(material.file.name).name)
