"""The facilitator's pages: "Työpajat" (the list), a new workshop and its editing, the
workshop's page (open, the phase of each question or of all at once, close, who joined),
the join code with its QR code for the screen, and the grouping page of a question (ideas
moved into themes by drag and drop or by each idea's "Siirrä teemaan" form, themes made,
renamed, merged and deleted)."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutori.core.errors import ApplicationError
from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.workshops import permissions, selectors
from tutori.workshops.forms.facilitate import (
    MergeForm,
    MoveForm,
    PhaseForm,
    ThemeForm,
    WorkshopForm,
    WorkshopSearchForm,
)
from tutori.workshops.models import PHASE_ORDER, Idea, Phase, Theme, Workshop, WorkshopQuestion
from tutori.workshops.services import grouping
from tutori.workshops.services import workshops as services

# Ids beyond a database integer are nobody's (and would overflow the query).
MAX_ID = 2**31 - 1
PER_PAGE = 25
# A refused network is shown at its field.
NETWORK_FIELD: dict[type[ApplicationError], str] = {services.NetworkError: "network"}


def _status(form: Any) -> int:
    return 400 if form.errors else 200


def workshop_or_404(request: AuthenticatedHttpRequest, pk: int) -> Workshop:
    """A workshop the person sees (404 otherwise) and facilitates (403 otherwise)."""
    workshop = found_or_404(selectors.workshop_get(request.user, pk) if pk <= MAX_ID else None)
    require(permissions.can_facilitate(request.user, workshop))
    return workshop


def question_or_404(request: AuthenticatedHttpRequest, pk: int) -> WorkshopQuestion:
    question = found_or_404(selectors.question_for(request.user, pk) if pk <= MAX_ID else None)
    require(permissions.can_facilitate(request.user, question.workshop))
    return question


def theme_or_404(request: AuthenticatedHttpRequest, pk: int) -> Theme:
    theme = found_or_404(selectors.theme_for(request.user, pk) if pk <= MAX_ID else None)
    require(permissions.can_facilitate(request.user, theme.question.workshop))
    return theme


def idea_or_404(request: AuthenticatedHttpRequest, pk: int) -> Idea:
    idea = found_or_404(selectors.idea_for(request.user, pk) if pk <= MAX_ID else None)
    require(permissions.can_facilitate(request.user, idea.question.workshop))
    return idea


def workshop_url(workshop: Workshop | int, anchor: str = "") -> str:
    pk = workshop if isinstance(workshop, int) else workshop.pk
    url = reverse("workshops:workshop", args=[pk])
    return f"{url}#{anchor}" if anchor else url


def grouping_url(question: WorkshopQuestion | int, anchor: str = "") -> str:
    pk = question if isinstance(question, int) else question.pk
    url = reverse("workshops:grouping", args=[pk])
    return f"{url}#{anchor}" if anchor else url


# --- The list -------------------------------------------------------------------------------


@login_required
@require_GET
def workshop_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(permissions.facilitates_anywhere(request.user))
    search = WorkshopSearchForm(request.GET or None)
    data = search.cleaned_data if search.is_valid() else {}
    query, status = data.get("q", ""), data.get("status", "")
    page_obj = Paginator(
        selectors.workshop_list(request.user, search=query, status=status), PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "search": search,
        "query": query,
        "filtered": bool(query or status),
        "page_obj": page_obj,
        "can_create": bool(selectors.facilitation_organisations(request.user)),
    }
    if request.htmx:
        return render(request, "workshops/facilitate/_results.html", context)
    return render(request, "workshops/facilitate/list.html", context)


# --- A workshop's details -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def workshop_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(permissions.facilitates_anywhere(request.user))
    organisations = selectors.facilitation_organisations(request.user)
    require(bool(organisations))
    form = WorkshopForm(
        request.POST or None,
        organisations=organisations,
        networks=selectors.networks_of(organisations),
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.chosen_organisation()
        require(organisation is not None)
        data = form.cleaned_data
        with service_errors(request, form, fields=NETWORK_FIELD) as outcome:
            workshop = services.workshop_create(
                by=request.user,
                organisation=organisation,  # type: ignore[arg-type]
                network=form.chosen_network(),
                title=data["title"],
                held_on=data["held_on"],
                starts_at=data["starts_at"],
                description=data["description"],
                votes_per_participant=data["votes_per_participant"],
                votes_per_theme=data["votes_per_theme"],
                anonymous=data["anonymous"],
                questions=data["questions"],
            )
        if not outcome.failed:
            messages.success(
                request, _("Työpaja tallennettu. Avaa se, kun osallistujat voivat liittyä.")
            )
            return redirect(workshop_url(workshop))
    return render(
        request,
        "workshops/facilitate/form.html",
        {"form": form, "title": _("Uusi työpaja")},
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_or_404(request, pk)
    if workshop.status == Workshop.Status.CLOSED:
        messages.error(request, _("Työpaja on päättynyt: sitä ei voi enää muuttaa."))
        return redirect(workshop_url(workshop))
    questions = selectors.questions_of(workshop)
    initial = {
        "title": workshop.title,
        "held_on": workshop.held_on,
        "starts_at": workshop.starts_at,
        "description": workshop.description,
        "questions": "\n".join(q.text for q in questions),
        "votes_per_participant": workshop.votes_per_participant,
        "votes_per_theme": workshop.votes_per_theme,
        "anonymous": workshop.anonymous,
        "network": workshop.network_id,
    }
    form = WorkshopForm(
        request.POST or None,
        initial=initial,
        networks=selectors.networks_of([workshop.organisation]),
    )
    if workshop.status != Workshop.Status.DRAFT:
        form.fields["anonymous"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        shared = {"network": form.chosen_network()} if "network" in form.fields else {}
        with service_errors(request, form, fields=NETWORK_FIELD) as outcome:
            services.workshop_update(
                by=request.user,
                workshop=workshop,
                **shared,
                title=data["title"],
                held_on=data["held_on"],
                starts_at=data["starts_at"],
                description=data["description"],
                votes_per_participant=data["votes_per_participant"],
                votes_per_theme=data["votes_per_theme"],
                anonymous=data["anonymous"],
                questions=data["questions"],
            )
        if not outcome.failed:
            messages.success(request, _("Muutokset tallennettu."))
            return redirect(workshop_url(workshop))
    return render(
        request,
        "workshops/facilitate/form.html",
        {
            "form": form,
            "title": _("Muokkaa työpajaa"),
            "workshop": workshop,
            "answered": [q.text for q in questions if getattr(q, "n_ideas", 0)],
        },
        status=_status(form),
    )


# --- Running it -----------------------------------------------------------------------------


@login_required
@require_GET
def workshop_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_or_404(request, pk)
    if request.htmx and request.GET.get("part") == "joined":
        return render(
            request,
            "workshops/facilitate/_joined.html",
            {"workshop": workshop, "joined": selectors.participants_of(workshop)},
        )
    questions = selectors.questions_of(workshop)
    phases = [(value, label) for value, label in Phase.choices]
    for question in questions:
        question.next_phases = [  # type: ignore[attr-defined]
            (value, label)
            for value, label in phases
            if services.phase_allowed(question.phase, value)
        ]
    return render(
        request,
        "workshops/facilitate/detail.html",
        {
            "workshop": workshop,
            "questions": questions,
            "joined": selectors.participants_of(workshop),
            "phases": phases,
            "phase_order": PHASE_ORDER,
        },
    )


@login_required
@require_POST
def workshop_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_or_404(request, pk)
    with service_errors(request) as outcome:
        services.workshop_open(by=request.user, workshop=workshop)
    if not outcome.failed:
        messages.success(request, _("Työpaja on auki. Näytä liittymiskoodi osallistujille."))
    return redirect(workshop_url(workshop))


@login_required
@require_http_methods(["GET", "POST"])
def workshop_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Closing asks first: it ends every phase and the join code stops working."""
    workshop = workshop_or_404(request, pk)
    if request.method == "POST":
        with service_errors(request) as outcome:
            services.workshop_close(by=request.user, workshop=workshop)
        if not outcome.failed:
            messages.success(request, _("Työpaja on päättynyt. Tulokset ovat valmiit."))
        return redirect(workshop_url(workshop))
    return render(
        request,
        "workshops/facilitate/confirm.html",
        {
            "workshop": workshop,
            "title": _("Päätä työpaja"),
            "explanation": _(
                "Kaikki kysymykset siirtyvät tuloksiin: uusia ideoita ja ääniä ei enää oteta "
                "vastaan, eikä liittymiskoodi enää toimi. Päättämistä ei voi perua."
            ),
            "button": _("Päätä työpaja"),
            "danger": True,
            "back_url": workshop_url(workshop),
        },
    )


@login_required
@require_POST
def workshop_phase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every question to one phase at once."""
    workshop = workshop_or_404(request, pk)
    form = PhaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Valitse vaihe."))
        return redirect(workshop_url(workshop))
    with service_errors(request) as outcome:
        moved = services.workshop_phase_set(
            by=request.user, workshop=workshop, phase=form.cleaned_data["phase"]
        )
    if not outcome.failed:
        label = Phase(form.cleaned_data["phase"]).label
        if moved:
            messages.success(
                request,
                _("Kysymykset siirretty vaiheeseen: %(phase)s.") % {"phase": label},
            )
        else:
            messages.info(
                request,
                _("Yhtään kysymystä ei voinut siirtää vaiheeseen: %(phase)s.") % {"phase": label},
            )
    return redirect(workshop_url(workshop))


@login_required
@require_POST
def question_phase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    form = PhaseForm(request.POST)
    anchor = f"question-{question.pk}"
    if not form.is_valid():
        messages.error(request, _("Valitse vaihe."))
        return redirect(workshop_url(question.workshop_id, anchor))
    with service_errors(request) as outcome:
        services.question_phase_set(
            by=request.user, question=question, phase=form.cleaned_data["phase"]
        )
    if not outcome.failed:
        messages.success(
            request,
            _("Kysymys siirretty vaiheeseen: %(phase)s.")
            % {"phase": Phase(form.cleaned_data["phase"]).label},
        )
    return redirect(workshop_url(question.workshop_id, anchor))


def join_url(request: AuthenticatedHttpRequest, workshop: Workshop) -> str:
    """The QR code's target: the participants' join page of the workshop's code."""
    return request.build_absolute_uri(reverse("workshops:join_code", args=[workshop.join_code]))


@login_required
@require_GET
def workshop_code(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The join code in large type and as a QR code (an inline SVG) for the screen."""
    workshop = workshop_or_404(request, pk)
    if workshop.status != Workshop.Status.OPEN or not workshop.join_code:
        messages.error(request, _("Liittymiskoodi on käytössä vain, kun työpaja on auki."))
        return redirect(workshop_url(workshop))
    url = join_url(request, workshop)
    svg = segno.make(url, error="m").svg_inline(
        scale=6, dark="#000", light="#fff", omitsize=True, title=_("QR-koodi liittymiseen")
    )
    return render(
        request,
        "workshops/facilitate/code.html",
        {
            "workshop": workshop,
            "url": url,
            # segno's own markup of the URL: no user text in it but the code.
            "qr_svg": mark_safe(svg),  # noqa: S308
            "join_page": request.build_absolute_uri(reverse("workshops:join")),
        },
    )


# --- Grouping -------------------------------------------------------------------------------


def _grouping_context(
    question: WorkshopQuestion,
    *,
    theme_form: ThemeForm | None = None,
    merge_form: MergeForm | None = None,
) -> dict[str, Any]:
    data = selectors.grouping_of(question)
    return {
        "question": question,
        "workshop": question.workshop,
        "grouping": data,
        "themes": data.theme_objects,
        "theme_form": theme_form or ThemeForm(),
        "merge_form": merge_form or MergeForm(themes=data.theme_objects),
        "editable": question.phase == Phase.GROUPING
        and question.workshop.status == Workshop.Status.OPEN,
        "idea_count": len(data.ungrouped) + sum(t.idea_count for t in data.themes),
    }


def _grouping_refused(
    request: AuthenticatedHttpRequest,
    question: WorkshopQuestion,
    *,
    theme_form: ThemeForm | None = None,
    merge_form: MergeForm | None = None,
) -> HttpResponse:
    """The grouping page again with the refused form (400), keeping what was typed."""
    context = _grouping_context(question, theme_form=theme_form, merge_form=merge_form)
    return render(request, "workshops/facilitate/grouping.html", context, status=400)


@login_required
@require_GET
def question_grouping(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    context = _grouping_context(question)
    if request.htmx:
        return render(request, "workshops/facilitate/_board.html", context)
    return render(request, "workshops/facilitate/grouping.html", context)


@login_required
@require_POST
def theme_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    form = ThemeForm(request.POST)
    if form.is_valid():
        with service_errors(request, form) as outcome:
            theme = grouping.theme_create(
                by=request.user, question=question, name=form.cleaned_data["name"]
            )
        if not outcome.failed:
            messages.success(request, _("Teema lisätty."))
            return redirect(grouping_url(question, f"theme-{theme.pk}"))
    return _grouping_refused(request, question, theme_form=form)


@login_required
@require_POST
def theme_rename(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    theme = theme_or_404(request, pk)
    form = ThemeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("name", [])))
        return redirect(grouping_url(theme.question_id, f"theme-{theme.pk}"))
    with service_errors(request) as outcome:
        grouping.theme_rename(by=request.user, theme=theme, name=form.cleaned_data["name"])
    if not outcome.failed:
        messages.success(request, _("Teeman nimi muutettu."))
    return redirect(grouping_url(theme.question_id, f"theme-{theme.pk}"))


@login_required
@require_http_methods(["GET", "POST"])
def theme_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Deleting a theme asks first; its ideas become ungrouped."""
    theme = theme_or_404(request, pk)
    back = grouping_url(theme.question_id)
    if request.method == "POST":
        with service_errors(request) as outcome:
            grouping.theme_delete(by=request.user, theme=theme)
        if not outcome.failed:
            messages.success(request, _("Teema poistettu. Sen ideat ovat ryhmittelemättömiä."))
        return redirect(back)
    return render(
        request,
        "workshops/facilitate/confirm.html",
        {
            "workshop": theme.question.workshop,
            "title": _("Poista teema"),
            "subject": theme.name,
            "explanation": _(
                "Teema poistetaan. Sen ideat eivät katoa: ne siirtyvät "
                "ryhmittelemättömiin ideoihin."
            ),
            "button": _("Poista teema"),
            "danger": True,
            "back_url": back,
        },
    )


@login_required
@require_POST
def themes_merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    themes = selectors.theme_choices(question)
    form = MergeForm(request.POST, themes=themes)
    if form.is_valid():
        into, merged = form.chosen()
        with service_errors(request, form) as outcome:
            grouping.themes_merge(by=request.user, into=into, merged=merged)
        if not outcome.failed:
            messages.success(request, _("Teemat yhdistetty."))
            return redirect(grouping_url(question, f"theme-{into.pk}"))
    return _grouping_refused(request, question, merge_form=form)


@login_required
@require_POST
def idea_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An idea into a theme (or out of every theme): the idea's own form, or drag and drop
    (htmx: answers with the board)."""
    idea = idea_or_404(request, pk)
    question = idea.question
    themes = selectors.theme_choices(question)
    form = MoveForm(request.POST, themes=themes)
    if not form.is_valid():
        messages.error(request, _("Valitse teema, johon idea siirretään."))
    else:
        with service_errors(request) as outcome:
            grouping.idea_move(
                by=request.user,
                idea=idea,
                theme=form.chosen_theme(),
                position=form.cleaned_data.get("position"),
            )
        if not outcome.failed and not request.htmx:
            messages.success(request, _("Idea siirretty."))
    if request.htmx:
        return render(request, "workshops/facilitate/_board.html", _grouping_context(question))
    return redirect(grouping_url(question, f"idea-{idea.pk}"))
