"""The plan's pages (part A): the list of programmes, a new programme, the programme page
(the hub: each part fills its own section), editing, publishing, finishing, cancelling and
copying for the next cohort."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.orgs.models import Organisation
from tutori.programmes import permissions
from tutori.programmes.forms.programmes import (
    CopyForm,
    ProgrammeCancelForm,
    ProgrammeForm,
    ProgrammeSearchForm,
)
from tutori.programmes.models import Programme
from tutori.programmes.selectors import applications as applications_selectors
from tutori.programmes.selectors import completion as completion_selectors
from tutori.programmes.selectors import participation as participation_selectors
from tutori.programmes.selectors import programmes as selectors
from tutori.programmes.services import programmes as services

MAX_ID = 2**31 - 1
PER_PAGE = 25


def _status(form: Any) -> int:
    return 400 if form.errors else 200


def programme_or_404(
    request: AuthenticatedHttpRequest, pk: int, *, manage: bool = False, people: bool = True
) -> Programme:
    """The programme ``pk`` the person sees (404 otherwise); ``people``: with its trainers
    and steering group read (a page that shows or asks about them)."""
    programme = found_or_404(
        selectors.programme_get(user=request.user, pk=pk, people=people) if pk <= MAX_ID else None
    )
    if manage:
        require(permissions.can_manage_programme(request.user, programme))
    return programme


def detail_url(programme: Programme, anchor: str = "") -> str:
    url = reverse("programmes:detail", args=[programme.pk])
    return f"{url}#{anchor}" if anchor else url


def _networks_of(organisation: Organisation) -> list[Any]:
    return selectors.organiser_networks(organisation=organisation)


def _candidates(
    request: AuthenticatedHttpRequest, organisations: list[Organisation], also: Any = ()
) -> list[Any]:
    people: dict[int, Any] = {}
    for organisation in organisations[:5]:
        for person in selectors.people_for(user=request.user, organisation=organisation, also=also):
            people.setdefault(person.pk, person)
    return sorted(people.values(), key=lambda p: (p.display_name or p.email).casefold())


# --- The list -------------------------------------------------------------------------------


@login_required
@require_GET
def programme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    search = ProgrammeSearchForm(request.GET or None)
    data = search.cleaned_data if search.is_valid() else {}
    query, status, when = data.get("q", ""), data.get("status", ""), data.get("when", "")
    page_obj = Paginator(
        selectors.programme_list(user=user, query=query, status=status, when=when), PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "search": search,
        "query": query,
        "filtered": bool(query or status or when),
        "page_obj": page_obj,
        "can_organise": permissions.organises_anywhere(user),
    }
    if request.htmx:
        return render(request, "programmes/partials/_programme_results.html", context)
    return render(request, "programmes/list.html", context)


# --- A programme ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def programme_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(permissions.organises_anywhere(request.user))
    organisations = selectors.organisable_organisations(user=request.user)
    require(bool(organisations))
    networks = _networks_of(organisations[0]) if len(organisations) == 1 else []
    form = ProgrammeForm(
        request.POST or None,
        organisations=organisations,
        candidates=_candidates(request, organisations),
        networks=networks,
        initial={"completion_all_assignments": True},
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            programme = services.programme_create(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                **form.service_kwargs(),
            )
        if not outcome.failed:
            messages.success(
                request,
                _(
                    "Koulutus tallennettu luonnoksena. Lisää seuraavaksi tapaamiset ja julkaise "
                    "koulutus."
                ),
            )
            return redirect(detail_url(programme))
    return render(
        request,
        "programmes/programme_form.html",
        {"form": form, "title": _("Uusi koulutus")},
        status=_status(form),
    )


@login_required
@require_GET
def programme_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_404(request, pk)
    user = request.user
    manages = bool(permissions.can_manage_programme(user, programme))
    sessions = selectors.page_sessions(programme=programme)
    context: dict[str, Any] = {
        "programme": programme,
        "manages": manages,
        "trains": bool(permissions.can_train(user, programme)),
        "reads_materials": bool(permissions.can_read_materials(user, programme)),
        # One read of the sessions (with their attendance marks) for the timetable and the
        # parts' sections.
        "table": selectors.timetable(programme=programme, sessions=sessions),
        "today": timezone.localdate(),
    }
    if manages:
        context["marked"] = {s.pk for s in sessions if s.marked}  # type: ignore[attr-defined]
    for part in (applications_selectors, participation_selectors, completion_selectors):
        context.update(part.detail_context(user=user, programme=programme))
    if manages:
        counts = context.get("app_counts")  # every status, counted by the applications part
        context["may_unpublish"] = selectors.may_return_to_draft(
            programme, participants=sum(n for _s, _l, n in counts) if counts is not None else None
        )
    return render(request, "programmes/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_404(request, pk, manage=True)
    chosen = [*programme.trainers.all(), *programme.steering_group.all()]
    form = ProgrammeForm(
        request.POST or None,
        candidates=_candidates(request, [programme.organisation], also=chosen),
        networks=_networks_of(programme.organisation),
        initial=ProgrammeForm.initial_of(programme),
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.programme_update(by=request.user, programme=programme, **form.service_kwargs())
        if not outcome.failed:
            messages.success(request, _("Koulutuksen tiedot tallennettu."))
            return redirect(detail_url(programme))
    return render(
        request,
        "programmes/programme_form.html",
        {"form": form, "programme": programme, "title": _("Muokkaa koulutuksen tietoja")},
        status=_status(form),
    )


def _ask_then(
    request: AuthenticatedHttpRequest,
    programme: Programme,
    *,
    do: Callable[[], Any],
    question: str,
    explanation: str,
    button: str,
    done: str,
    danger: bool = False,
    form: Any = None,
) -> HttpResponse:
    """GET asks first (a confirmation page, with ``form``'s fields when given), POST does it
    through the service and goes back to the programme page with what happened. A form that
    does not validate is shown again (400) with what was typed."""
    if request.method != "POST" or (form is not None and not form.is_valid()):
        return render(
            request,
            "programmes/confirm.html",
            {
                "programme": programme,
                "title": question,
                "explanation": explanation,
                "button": button,
                "danger": danger,
                "back_url": detail_url(programme),
                "form": form,
            },
            status=400 if form is not None and form.errors else 200,
        )
    with service_errors(request) as outcome:
        do()
    if not outcome.failed:
        messages.success(request, done)
    return redirect(detail_url(programme))


@login_required
@require_http_methods(["GET", "POST"])
def programme_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_404(request, pk, manage=True)
    return _ask_then(
        request,
        programme,
        do=lambda: services.programme_publish(by=request.user, programme=programme),
        question=_("Julkaistaanko koulutus?"),
        explanation=_(
            "Julkaistu koulutus näkyy järjestäjän, sen alaisten organisaatioiden ja verkoston "
            "ihmisille. Hakuaikana he voivat hakea siihen."
        ),
        button=_("Julkaise"),
        done=_("Koulutus julkaistu."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_unpublish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_404(request, pk, manage=True)
    return _ask_then(
        request,
        programme,
        do=lambda: services.programme_unpublish(by=request.user, programme=programme),
        question=_("Palautetaanko koulutus luonnokseksi?"),
        explanation=_(
            "Luonnos näkyy vain koordinaattoreille. Tämä onnistuu vain, jos kukaan ei ole "
            "vielä hakenut."
        ),
        button=_("Palauta luonnokseksi"),
        done=_("Koulutus on taas luonnos."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_finish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_404(request, pk, manage=True)
    return _ask_then(
        request,
        programme,
        do=lambda: services.programme_finish(by=request.user, programme=programme),
        question=_("Merkitäänkö koulutus päättyneeksi?"),
        explanation=_(
            "Päättyneen koulutuksen tietoja ja tapaamisia ei voi enää muuttaa. Suoritukset voi "
            "vahvistaa myös päättymisen jälkeen."
        ),
        button=_("Merkitse päättyneeksi"),
        done=_("Koulutus merkitty päättyneeksi."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_404(request, pk, manage=True)
    # Bound on every POST: the reason is optional, so an empty body cancels too.
    form = ProgrammeCancelForm(request.POST if request.method == "POST" else None)
    return _ask_then(
        request,
        programme,
        do=lambda: services.programme_cancel(
            by=request.user, programme=programme, reason=form.cleaned_data["reason"]
        ),
        question=_("Perutaanko koko koulutus?"),
        explanation=_(
            "Kaikki tapaamiset perutaan ja ne poistuvat osallistujien kalentereista. "
            "Osallistujat, jonossa olevat ja käsittelemättömät hakijat sekä kouluttajat saavat "
            "perumisesta sähköpostin. Perumista ei voi perua."
        ),
        button=_("Peru koulutus"),
        done=_("Koulutus peruttu. Osallistujille, hakijoille ja kouluttajille lähtee viesti."),
        danger=True,
        form=form,
    )


def _days_off_text(warnings: list[selectors.DayOffWarning]) -> str:
    """ "Siirretyistä tapaamisista osuu viikonloppuun tai arkipyhään: la 4.3.2028, to
    6.12.2029 (Itsenäisyyspäivä). Tarkista niiden päivät." """
    days = ", ".join(
        date_format(w.session.date, "D j.n.Y") + (f" ({w.holiday})" if w.holiday else "")
        for w in warnings
    )
    return _(
        "Siirretyistä tapaamisista osuu viikonloppuun tai arkipyhään: %(days)s. Tarkista "
        "niiden päivät."
    ) % {"days": days}


@login_required
@require_http_methods(["GET", "POST"])
def programme_copy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_404(request, pk, manage=True)
    initial: dict[str, Any] = {"name": programme.name}
    if programme.starts_on:
        initial["starts_on"] = (
            programme.starts_on.replace(year=programme.starts_on.year + 1)
            if not (programme.starts_on.month == 2 and programme.starts_on.day == 29)
            else programme.starts_on
        )
    form = CopyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            copy = services.programme_copy(
                by=request.user,
                programme=programme,
                starts_on=form.cleaned_data["starts_on"],
                name=form.cleaned_data["name"],
            )
        if not outcome.failed:
            messages.success(
                request,
                _("Kopio tehty luonnoksena. Tarkista päivät ja tapaamiset ennen julkaisemista."),
            )
            warnings = selectors.copied_onto_days_off(copy=copy)
            if warnings:
                messages.warning(request, _days_off_text(warnings))
            return redirect(detail_url(copy))
    return render(
        request,
        "programmes/copy.html",
        {"form": form, "programme": programme, "title": _("Kopioi seuraavalle ryhmälle")},
        status=_status(form),
    )
