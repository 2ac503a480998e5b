"""The coordinator's path templates (part A): the list, a new template, a template's page
(its latest version's steps with their windows in words, its versions and how many follow
each), editing, archiving, deleting (refused when anyone is or was on it), copying; the step
editor (add, edit, remove, move up and down); an older version's steps; the organisation's
note policy (who may read supervision notes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutori.core.http import (
    AuthenticatedHttpRequest,
    chosen_or_404,
    found_or_404,
    require,
    service_errors,
)
from tutori.paths import permissions
from tutori.paths.forms.templates import (
    CopyForm,
    NotePolicyForm,
    StepForm,
    TemplateForm,
    TemplateSearchForm,
)
from tutori.paths.models import PathStep, PathTemplate, PathVersion
from tutori.paths.selectors import templates as selectors
from tutori.paths.services import templates as services

# Ids beyond a database integer are nobody's (and would overflow the query).
MAX_ID = 2**31 - 1
PER_PAGE = 25


def _status(form: Any) -> int:
    return 400 if form.errors else 200


def template_or_404(request: AuthenticatedHttpRequest, pk: int) -> PathTemplate:
    """A template the person sees (404 otherwise) and may manage (403 otherwise)."""
    template = found_or_404(
        selectors.template_get(user=request.user, pk=pk) if pk <= MAX_ID else None
    )
    require(permissions.can_manage_template(request.user, template))
    return template


def step_or_404(request: AuthenticatedHttpRequest, pk: int) -> PathStep:
    step = found_or_404(selectors.step_get(user=request.user, pk=pk) if pk <= MAX_ID else None)
    require(permissions.can_manage_template(request.user, step.version.template))
    return step


def detail_url(template: PathTemplate, anchor: str = "") -> str:
    url = reverse("paths:template", args=[template.pk])
    return f"{url}#{anchor}" if anchor else url


def _versioned(request: AuthenticatedHttpRequest, new: bool, template: PathTemplate) -> None:
    if new:
        latest = selectors.versions_of(user=request.user, template=template)[0]
        messages.info(
            request,
            _(
                "Edellistä versiota seuraa jo henkilöitä, joten muutos tehtiin uuteen versioon "
                "%(number)s. Polulla olevat jatkavat omalla versiollaan; uudet henkilöt "
                "liitetään versioon %(number)s."
            )
            % {"number": latest.number},
        )


# --- The list -------------------------------------------------------------------------------


@login_required
@require_GET
def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(permissions.organises_anywhere(request.user))
    search = TemplateSearchForm(request.GET or None)
    data = search.cleaned_data if search.is_valid() else {}
    query, archived = data.get("q", ""), data.get("archived", "")
    page_obj = Paginator(
        selectors.template_list(user=request.user, query=query, archived=archived), PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "search": search,
        "query": query,
        "filtered": bool(query or archived),
        "page_obj": page_obj,
        "templates": selectors.with_counts(user=request.user, templates=page_obj.object_list),
    }
    if request.htmx:
        return render(request, "paths/templates/_results.html", context)
    return render(request, "paths/templates/list.html", context)


# --- A template -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def template_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(permissions.organises_anywhere(request.user))
    organisations = selectors.organisable_organisations(user=request.user)
    require(bool(organisations))
    form = TemplateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.chosen_organisation()
        require(organisation is not None)
        with service_errors(request, form) as outcome:
            template = services.template_create(
                by=request.user,
                organisation=organisation,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        if not outcome.failed:
            messages.success(request, _("Polkupohja tallennettu. Lisää seuraavaksi sen vaiheet."))
            return redirect(detail_url(template))
    return render(
        request,
        "paths/templates/form.html",
        {"form": form, "title": _("Uusi polkupohja")},
        status=_status(form),
    )


def _steps_context(request: AuthenticatedHttpRequest, version: PathVersion) -> dict[str, Any]:
    milestones = selectors.milestones_for(user=request.user)
    steps = selectors.steps_of(version)
    return {
        "steps": [
            {
                "step": step,
                "window": selectors.window_words(step, milestones),
                "completed_by": selectors.completed_by_words(step, milestones),
                "needs": [s.title for s in step.depends_on.all()],
            }
            for step in steps
        ],
    }


@login_required
@require_GET
def template_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    template = template_or_404(request, pk)
    versions = selectors.versions_of(user=request.user, template=template)
    latest = versions[0] if versions else services.latest_version(template)
    context: dict[str, Any] = {
        "template": template,
        "latest": latest,
        "versions": versions,
        "followed": bool(getattr(latest, "followers", 0)),
        "ever": sum(v.followers for v in versions),  # type: ignore[attr-defined]
        **_steps_context(request, latest),
    }
    return render(request, "paths/templates/detail.html", context)


@login_required
@require_GET
def version_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = found_or_404(
        selectors.version_get(user=request.user, pk=pk) if pk <= MAX_ID else None
    )
    require(permissions.can_manage_template(request.user, version.template))
    return render(
        request,
        "paths/templates/version.html",
        {"template": version.template, "version": version, **_steps_context(request, version)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    template = template_or_404(request, pk)
    form = TemplateForm(
        request.POST or None,
        initial={"name": template.name, "description": template.description},
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.template_update(
                by=request.user,
                template=template,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        if not outcome.failed:
            messages.success(request, _("Polkupohjan tiedot tallennettu."))
            return redirect(detail_url(template))
    return render(
        request,
        "paths/templates/form.html",
        {"form": form, "template": template, "title": _("Muokkaa polkupohjaa")},
        status=_status(form),
    )


def _confirm(
    request: AuthenticatedHttpRequest,
    template: PathTemplate,
    *,
    question: str,
    explanation: str,
    button: str,
    danger: bool = False,
    back: str = "",
    step: PathStep | None = None,
) -> HttpResponse:
    return render(
        request,
        "paths/templates/confirm.html",
        {
            "template": template,
            "step": step,
            "title": question,
            "explanation": explanation,
            "button": button,
            "danger": danger,
            "back_url": back or detail_url(template),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Archive the template, or bring an archived one back (asks first)."""
    template = template_or_404(request, pk)
    archived = template.archived_at is not None
    if request.method != "POST":
        if archived:
            return _confirm(
                request,
                template,
                question=_("Palautetaanko polkupohja käyttöön?"),
                explanation=_("Käytössä olevalle polulle voi taas liittää henkilöitä."),
                button=_("Palauta käyttöön"),
            )
        return _confirm(
            request,
            template,
            question=_("Arkistoidaanko polkupohja?"),
            explanation=_(
                "Arkistoidulle polulle ei voi liittää uusia henkilöitä. Polulla jo olevat "
                "jatkavat, ja pohjan voi palauttaa käyttöön myöhemmin."
            ),
            button=_("Arkistoi"),
        )
    with service_errors(request) as outcome:
        services.template_archive(by=request.user, template=template, archived=not archived)
    if not outcome.failed:
        messages.success(
            request,
            _("Polkupohja palautettu käyttöön.") if archived else _("Polkupohja arkistoitu."),
        )
    return redirect(detail_url(template))


@login_required
@require_http_methods(["GET", "POST"])
def template_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    template = template_or_404(request, pk)
    if request.method != "POST":
        return _confirm(
            request,
            template,
            question=_("Poistetaanko polkupohja?"),
            explanation=_(
                "Pohja poistetaan vaiheineen ja versioineen. Poistaminen onnistuu vain, jos "
                "kukaan ei ole eikä ole ollut sen polulla; muuten arkistoi pohja."
            ),
            button=_("Poista polkupohja"),
            danger=True,
        )
    with service_errors(request) as outcome:
        services.template_delete(by=request.user, template=template)
    if outcome.failed:
        return redirect(detail_url(template))
    messages.success(request, _("Polkupohja poistettu: %(name)s") % {"name": template.name})
    return redirect("paths:templates")


@login_required
@require_http_methods(["GET", "POST"])
def template_copy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    template = template_or_404(request, pk)
    organisations = selectors.organisable_organisations(user=request.user)
    form = CopyForm(
        request.POST or None,
        organisations=organisations,
        initial={
            "name": _("%(name)s (kopio)") % {"name": template.name},
            "organisation": template.organisation_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.chosen_organisation()
        require(organisation is not None)
        with service_errors(request, form) as outcome:
            copy = services.template_copy(
                by=request.user,
                template=template,
                name=form.cleaned_data["name"],
                organisation=organisation,
            )
        if not outcome.failed:
            messages.success(request, _("Polkupohja kopioitu. Tarkista kopion vaiheet."))
            return redirect(detail_url(copy))
    return render(
        request,
        "paths/templates/form.html",
        {"form": form, "template": template, "title": _("Kopioi polkupohja"), "copy": True},
        status=_status(form),
    )


# --- Steps ----------------------------------------------------------------------------------


def _step_form(
    request: AuthenticatedHttpRequest,
    version: PathVersion,
    step: PathStep | None,
) -> StepForm:
    steps = selectors.steps_of(version)
    others = [s for s in steps if step is None or s.pk != step.pk]
    earlier = others if step is None else [s for s in others if s.position < step.position]
    initial = StepForm.initial_of(step) if step else {"due_after_days": 0, "due_within_days": 7}
    return StepForm(
        request.POST or None,
        earlier=earlier,
        others=others,
        milestones=selectors.milestones_for(user=request.user),
        step=step,
        initial=initial,
    )


def _step_page(
    request: AuthenticatedHttpRequest,
    template: PathTemplate,
    form: StepForm,
    *,
    title: str,
    step: PathStep | None = None,
) -> HttpResponse:
    versions = selectors.versions_of(user=request.user, template=template)
    latest = versions[0] if versions else None
    return render(
        request,
        "paths/templates/step_form.html",
        {
            "form": form,
            "template": template,
            "step": step,
            "title": title,
            "latest": latest,
            "followers": getattr(latest, "followers", 0),
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    template = template_or_404(request, pk)
    form = _step_form(request, services.latest_version(template), None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            step, new = services.step_add(by=request.user, template=template, data=form.step_data())
        if not outcome.failed:
            messages.success(request, _("Vaihe lisätty: %(step)s") % {"step": step.title})
            _versioned(request, new, template)
            return redirect(detail_url(template, f"step-{step.pk}"))
    return _step_page(request, template, form, title=_("Uusi vaihe"))


def _latest_or_message(request: AuthenticatedHttpRequest, step: PathStep) -> bool:
    """Whether ``step`` is of its template's latest version (else a message says so)."""
    latest = services.latest_version(step.version.template)
    if latest.pk != step.version_id:
        messages.error(
            request,
            _("Vaihe kuuluu polkupohjan vanhempaan versioon. Muokkaa uusinta versiota."),
        )
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    step = step_or_404(request, pk)
    template = step.version.template
    if not _latest_or_message(request, step):
        return redirect(detail_url(template))
    form = _step_form(request, step.version, step)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            saved, new = services.step_update(by=request.user, step=step, data=form.step_data())
        if not outcome.failed:
            messages.success(request, _("Vaihe tallennettu: %(step)s") % {"step": saved.title})
            _versioned(request, new, template)
            return redirect(detail_url(template, f"step-{saved.pk}"))
    return _step_page(request, template, form, title=_("Muokkaa vaihetta"), step=step)


@login_required
@require_http_methods(["GET", "POST"])
def step_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    step = step_or_404(request, pk)
    template = step.version.template
    if not _latest_or_message(request, step):
        return redirect(detail_url(template))
    if request.method != "POST":
        return _confirm(
            request,
            template,
            question=_("Poistetaanko vaihe?"),
            explanation=_(
                "Vaihe poistetaan polkupohjasta. Jos polulla on jo henkilöitä, poisto tehdään "
                "uuteen versioon ja polulla olevat jatkavat omalla versiollaan."
            ),
            button=_("Poista vaihe"),
            danger=True,
            step=step,
        )
    with service_errors(request) as outcome:
        new = services.step_remove(by=request.user, step=step)
    if not outcome.failed:
        messages.success(request, _("Vaihe poistettu: %(step)s") % {"step": step.title})
        _versioned(request, new, template)
    return redirect(detail_url(template, "steps"))


@login_required
@require_POST
def step_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move a step one place up or down (``direction``: "up" or "down")."""
    step = step_or_404(request, pk)
    template = step.version.template
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        messages.error(request, _("Valitse, siirretäänkö vaihe ylös vai alas."))
        return redirect(detail_url(template, "steps"))
    if not _latest_or_message(request, step):
        return redirect(detail_url(template))
    with service_errors(request) as outcome:
        moved, new = services.step_move(by=request.user, step=step, up=direction == "up")
    if outcome.failed:
        return redirect(detail_url(template, "steps"))
    _versioned(request, new, template)
    return redirect(detail_url(template, f"step-{moved.pk}"))


# --- The note policy ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def note_policy(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Which roles of an organisation (besides the author and the person) may read its
    supervision notes; ``?org=`` chooses among the organisations one organises paths in."""
    require(permissions.organises_anywhere(request.user))
    organisations = selectors.organisable_organisations(user=request.user)
    require(bool(organisations))
    organisation = chosen_or_404(organisations, request.POST.get("org") or request.GET.get("org"))
    require(permissions.can_organise_in(request.user, organisation))
    current = selectors.note_policy_roles(user=request.user, organisation=organisation)
    form = NotePolicyForm(
        request.POST if request.method == "POST" else None, initial={"roles": current}
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.note_policy_set(
                by=request.user, organisation=organisation, roles=form.cleaned_data["roles"]
            )
        if not outcome.failed:
            messages.success(
                request,
                _("Muistiinpanojen lukuoikeudet tallennettu: %(organisation)s")
                % {"organisation": organisation.name},
            )
            return redirect(f"{reverse('paths:note_policy')}?org={organisation.pk}")
    return render(
        request,
        "paths/templates/note_policy.html",
        {"form": form, "organisation": organisation, "organisations": organisations},
        status=_status(form),
    )
