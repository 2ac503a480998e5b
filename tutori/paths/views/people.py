"""People on paths (part B): putting people on a path (one by one, or a group another app
offers), a path's coach, stopping a path, the coordinator's list of paths, a path's page and
the person's own "Oma polkuni" with their reflections."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from tutori.accounts.models import User
from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.paths import permissions
from tutori.paths.forms.people import (
    CoachForm,
    PathFilterForm,
    PeopleSearchForm,
    PutOnGroupForm,
    PutOnPersonForm,
    ReflectionForm,
    StopForm,
)
from tutori.paths.models import PathTemplate, PersonPath
from tutori.paths.selectors import people as selectors
from tutori.paths.selectors.notes import notes_context
from tutori.paths.services import people as services

PER_PAGE = 25
# The names a summary lists before "and N more".
NAMES_SHOWN = 10


def _names(people: list[User]) -> str:
    names = [p.display_name or p.email or "" for p in people[:NAMES_SHOWN]]
    more = len(people) - len(names)
    text = ", ".join(names)
    if more:
        text += " " + ngettext("ja %(n)s muu", "ja %(n)s muuta", more) % {"n": more}
    return text


def _summary(request: AuthenticatedHttpRequest, result: services.PutOn) -> None:
    """What putting people on the path did, as messages: put on, already on, left out."""
    if result.put_on:
        messages.success(
            request,
            ngettext(
                "Polulle liitettiin %(count)s henkilö: %(names)s. Hänelle lähti tieto "
                "sähköpostilla.",
                "Polulle liitettiin %(count)s henkilöä: %(names)s. Heille lähti tieto "
                "sähköpostilla.",
                len(result.put_on),
            )
            % {"count": len(result.put_on), "names": _names(result.put_on)},
        )
    if result.already:
        messages.info(
            request,
            ngettext(
                "%(count)s henkilö oli jo tällä polulla: %(names)s.",
                "%(count)s henkilöä oli jo tällä polulla: %(names)s.",
                len(result.already),
            )
            % {"count": len(result.already), "names": _names(result.already)},
        )
    if result.outside:
        messages.warning(
            request,
            ngettext(
                "%(count)s henkilöä ei liitetty, koska hän ei ole polun organisaation jäsen: "
                "%(names)s.",
                "%(count)s henkilöä ei liitetty, koska he eivät ole polun organisaation "
                "jäseniä: %(names)s.",
                len(result.outside),
            )
            % {"count": len(result.outside), "names": _names(result.outside)},
        )
    if result.without_coach:
        messages.warning(
            request,
            ngettext(
                "%(count)s henkilö liitettiin ilman valmentajaa, koska valmentaja ei toimi "
                "hänen organisaatiossaan: %(names)s. Valitse hänelle valmentaja polun sivulla.",
                "%(count)s henkilöä liitettiin ilman valmentajaa, koska valmentaja ei toimi "
                "heidän organisaatiossaan: %(names)s. Valitse heille valmentaja polkujen sivuilla.",
                len(result.without_coach),
            )
            % {"count": len(result.without_coach), "names": _names(result.without_coach)},
        )
    if not (result.put_on or result.already or result.outside):
        messages.info(request, _("Ryhmässä ei ole ketään."))


def _managed_template(request: AuthenticatedHttpRequest, pk: int) -> PathTemplate:
    template = found_or_404(selectors.template_get(user=request.user, pk=pk))
    require(permissions.can_manage_template(request.user, template))
    return template


def _coach_of(coaches: list[User], pk: int | None) -> User | None:
    return next((c for c in coaches if c.pk == pk), None) if pk else None


@login_required
@require_http_methods(["GET", "POST"])
def put_on(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Put people on a template's path: find a person and put them on, or put a whole group
    on (a programme's participants, the people who gave an answer in a survey)."""
    template = _managed_template(request, pk)
    search = PeopleSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    coaches = services.template_coaches(template)
    cohorts = selectors.cohort_choices(user=request.user)
    group = PutOnGroupForm(
        request.POST if "cohort" in request.POST else None,
        cohorts=cohorts,
        coaches=coaches,
        auto_id="id_group_%s",
    )
    url = reverse("paths:put_on", args=[template.pk])
    back = f"{url}?{request.GET.urlencode()}" if request.GET else url
    if request.method == "POST" and "cohort" in request.POST:
        if group.is_valid():
            members = selectors.cohort_members(group.cleaned_data["cohort"])
            with service_errors(request, group) as outcome:
                result = services.put_on(
                    template=template,
                    person_ids=members,
                    by=request.user,
                    coach=_coach_of(coaches, group.cleaned_data["coach"]),
                )
            if not outcome.failed:
                _summary(request, result)
                return redirect(back)
    elif request.method == "POST":
        one = PutOnPersonForm(request.POST, coaches=coaches)
        if one.is_valid():
            person = found_or_404(
                selectors.person_seen(
                    user=request.user, template=template, pk=one.cleaned_data["person"]
                )
            )
            with service_errors(request) as outcome:
                result = services.put_on(
                    template=template,
                    person_ids=[person.pk],
                    by=request.user,
                    coach=_coach_of(coaches, one.cleaned_data["coach"]),
                )
            if not outcome.failed:
                _summary(request, result)
        else:
            messages.error(request, _("Valitse henkilö hakutuloksista."))
        return redirect(back)
    found = selectors.people_to_put_on(user=request.user, template=template, query=query)
    status = 400 if group.is_bound else 200
    return render(
        request,
        "paths/people/put_on.html",
        {
            "template": template,
            "search": search,
            "query": query,
            "found": found,
            "group": group,
            "has_cohorts": bool(cohorts),
            "coach_form": PutOnPersonForm(coaches=coaches),
        },
        status=status,
    )


@login_required
@require_GET
def path_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinator's list of the paths of their organisations."""
    user = request.user
    require(rules.has_perm("paths.organise_any", user))
    filters = selectors.list_filters(user=user)
    form = PathFilterForm(
        request.GET or None,
        template_choices=filters["templates"],
        coach_choices=filters["coaches"],
    )
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    page_obj = Paginator(
        selectors.path_list(
            user=user,
            query=data.get("q", ""),
            template_id=data.get("template"),
            status=data.get("status", ""),
            coach_id=data.get("coach"),
            overdue=bool(data.get("overdue")),
        ),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "filtered": any(data.values()),
        "open_templates": filters["open_templates"],
    }
    if request.htmx:
        return render(request, "paths/people/partials/_path_results.html", context)
    return render(request, "paths/people/list.html", context)


def _notes_html(request: AuthenticatedHttpRequest, path: PersonPath) -> SafeString:
    """The supervision notes of the path the user may read (part C's partial)."""
    html = render_to_string(
        "paths/partials/_path_notes.html",
        notes_context(user=request.user, path=path),
        request=request,
    )
    return mark_safe(html)  # noqa: S308 - a rendered template (escaped there)


@login_required
@require_GET
def path_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A path's page: its steps in order with their state, window and done date, who is
    responsible; the supervision notes the user may read; the person's reflections (the
    person and the coach)."""
    path = found_or_404(selectors.path_get(user=request.user, pk=pk))
    user = request.user
    page = selectors.path_page(path=path)
    reads_reflections = selectors.may_read_reflections(user, path)
    return render(
        request,
        "paths/people/path.html",
        {
            "path": path,
            "page": page,
            "notes_html": _notes_html(request, path),
            "reflections": selectors.reflections(path=path) if reads_reflections else None,
            "can_manage": path.status == PersonPath.Status.ACTIVE
            and permissions.can_manage_path(user, path),
            "own": path.person_id == user.pk,
            "can_run": path.status == PersonPath.Status.ACTIVE
            and permissions.can_run_path(user, path),
            **_up(user, path),
        },
    )


def _up(user: User, path: PersonPath) -> dict[str, Any]:
    """Where a path's page sits: the person's own paths, the coordinator's list, or the
    coach's people."""
    if path.person_id == user.pk:
        return {"up_url": reverse("paths:mine"), "up_label": _("Oma polkuni")}
    if path.coach_id == user.pk:
        return {"up_url": reverse("paths:coach"), "up_label": _("Valmennettavat")}
    if rules.has_perm("paths.organise_any", user):
        return {"up_url": reverse("paths:people"), "up_label": _("Henkilöiden polut")}
    return {}


def _managed_path(request: AuthenticatedHttpRequest, pk: int) -> PersonPath:
    path = found_or_404(selectors.path_get(user=request.user, pk=pk))
    require(permissions.can_manage_path(request.user, path))
    return path


@login_required
@require_http_methods(["GET", "POST"])
def coach_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    path = _managed_path(request, pk)
    coaches = services.coach_candidates(path.organisation)
    form = CoachForm(request.POST or None, coaches=coaches, initial={"coach": path.coach_id})
    if request.method == "POST" and form.is_valid():
        coach = _coach_of(coaches, form.cleaned_data["coach"])
        with service_errors(request, form) as outcome:
            services.coach_assign(path=path, coach=coach, by=request.user)
        if not outcome.failed:
            if coach is None:
                messages.success(request, _("Polulla ei ole nyt valmentajaa."))
            else:
                messages.success(
                    request,
                    _("Valmentaja: %(name)s. Hänelle lähti tieto sähköpostilla.")
                    % {"name": coach.display_name or coach.email},
                )
            return redirect("paths:path", pk=path.pk)
    return render(
        request,
        "paths/people/coach.html",
        {"path": path, "form": form, "has_coaches": bool(coaches)},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def stop(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    path = _managed_path(request, pk)
    form = StopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.path_stop(path=path, reason=form.cleaned_data["reason"], by=request.user)
        if not outcome.failed:
            messages.success(request, _("Polku on keskeytetty."))
            return redirect("paths:path", pk=path.pk)
    return render(
        request,
        "paths/people/stop.html",
        {"path": path, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "Oma polkuni": the person's own paths with their steps (upcoming first), the notes
    written for them and their reflections (with a form to add one)."""
    paths = selectors.my_paths(user=request.user)
    written = selectors.reflections_of(paths=paths)
    items = [
        {
            "path": page.path,
            "page": page,
            "notes_html": _notes_html(request, page.path),
            "reflections": written[page.path.pk],
            "form": ReflectionForm(auto_id=f"id_{page.path.pk}_%s"),
        }
        for page in selectors.path_pages(paths=paths)
    ]
    return render(request, "paths/people/mine.html", {"items": items})


@login_required
@require_http_methods(["GET", "POST"])
def reflection_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    path = found_or_404(selectors.path_get(user=request.user, pk=pk))
    require(permissions.is_own_path(request.user, path))
    form = ReflectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.reflection_add(path=path, text=form.cleaned_data["text"], by=request.user)
        if not outcome.failed:
            messages.success(request, _("Pohdintasi on tallennettu. Valmentajasi näkee sen."))
            return redirect(f"{reverse('paths:mine')}#path-{path.pk}")
    return render(
        request,
        "paths/people/reflection.html",
        {"path": path, "form": form},
        status=400 if form.is_bound else 200,
    )
