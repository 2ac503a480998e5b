"""A programme's sessions (part A): adding, editing, cancelling and deleting them, and the
printable timetable."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.orgs.models import Organisation
from tutori.programmes import permissions
from tutori.programmes.forms.programmes import ProgrammeSessionForm, SessionCancelForm
from tutori.programmes.models import Programme, Session
from tutori.programmes.selectors import programmes as selectors
from tutori.programmes.services import programmes as services
from tutori.programmes.views.programmes import MAX_ID, detail_url, programme_or_404


def _session(request: AuthenticatedHttpRequest, pk: int) -> Session:
    session = found_or_404(
        selectors.session_get(user=request.user, pk=pk) if pk <= MAX_ID else None
    )
    require(permissions.can_manage_programme(request.user, session.programme))
    return session


def _hosts(programme: Programme) -> list[Organisation]:
    return selectors.host_organisations(programme=programme)


def _form(
    request: AuthenticatedHttpRequest, programme: Programme, **kwargs: Any
) -> ProgrammeSessionForm:
    trainers = list(programme.trainers.all())
    also = kwargs.pop("also", [])
    return ProgrammeSessionForm(
        request.POST or None,
        themes=programme.themes or [],
        hosts=_hosts(programme),
        candidates=selectors.people_for(
            user=request.user,
            organisation=programme.organisation,
            network_id=programme.network_id,
            also=[*trainers, *also],
        ),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_404(request, pk, manage=True)
    initial: dict[str, Any] = {
        "kind": request.GET.get("kind")
        if request.GET.get("kind") in Session.Kind.values
        else "meeting",
        "trainers": [p.pk for p in programme.trainers.all()],
    }
    last = selectors.last_session(programme=programme)
    if last is not None:
        initial.update(starts_at=last.starts_at, ends_at=last.ends_at)
    form = _form(request, programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.session_create(by=request.user, programme=programme, **form.service_kwargs())
        if not outcome.failed:
            messages.success(request, _("Tapaaminen lisätty."))
            if "another" in request.POST:
                return redirect("programmes:session_new", programme.pk)
            return redirect(detail_url(programme, "timetable"))
    return render(
        request,
        "programmes/session_form.html",
        {"form": form, "programme": programme, "title": _("Uusi tapaaminen")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    programme = session.programme
    form = _form(
        request,
        programme,
        also=list(session.trainers.all()),
        initial=ProgrammeSessionForm.initial_of(session),
        current_theme=session.theme,
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.session_update(by=request.user, session=session, **form.service_kwargs())
        if not outcome.failed:
            messages.success(request, _("Tapaamisen tiedot tallennettu."))
            return redirect(detail_url(programme, "timetable"))
    return render(
        request,
        "programmes/session_form.html",
        {
            "form": form,
            "programme": programme,
            "session": session,
            "title": _("Muokkaa tapaamista"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = SessionCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.session_cancel(
                by=request.user, session=session, reason=form.cleaned_data["reason"]
            )
        if not outcome.failed:
            messages.success(request, _("Tapaaminen peruttu."))
            return redirect(detail_url(session.programme, "timetable"))
    return render(
        request,
        "programmes/session_cancel.html",
        {
            "form": form,
            "session": session,
            "programme": session.programme,
            "title": _("Perutaanko tapaaminen?"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    programme = session.programme
    marked = selectors.session_marked(session=session)
    if request.method == "POST":
        with service_errors(request) as outcome:
            services.session_delete(by=request.user, session=session)
        if not outcome.failed:
            messages.success(request, _("Tapaaminen poistettu."))
        return redirect(detail_url(programme, "timetable"))
    return render(
        request,
        "programmes/session_delete.html",
        {
            "session": session,
            "programme": programme,
            "marked": marked,
            "title": _("Poistetaanko tapaaminen?"),
        },
    )


@login_required
@require_GET
def timetable(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_404(request, pk, people=False)  # the rights ask by id
    return render(
        request,
        "programmes/timetable.html",
        {
            "programme": programme,
            "table": selectors.timetable(programme=programme),
            "reads_materials": bool(permissions.can_read_materials(request.user, programme)),
        },
    )
