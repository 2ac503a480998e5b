"""The results part (W3): a workshop's results page, its projector view (one question per
screen), its exports (PDF, DOCX, Markdown), the archive of closed workshops ("Työpajojen
tulokset"), a theme's follow-up work and a task marked done."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.core.registry import follow_up_target
from tutori.workshops import exports
from tutori.workshops import results as reads
from tutori.workshops.forms.results import ArchiveSearchForm, MakeForm, TaskForm
from tutori.workshops.models import FollowUp, Phase, Theme, Workshop
from tutori.workshops.permissions import can_facilitate
from tutori.workshops.services import follow_up as services

# Ids beyond a database integer are nobody's (and would overflow the query).
MAX_ID = 2**31 - 1
PER_PAGE = 25


def _workshop(request: AuthenticatedHttpRequest, pk: int) -> Workshop:
    return found_or_404(reads.workshop_get(user=request.user, pk=pk) if pk <= MAX_ID else None)


def _theme(request: AuthenticatedHttpRequest, pk: int) -> Theme:
    return found_or_404(reads.theme_get(user=request.user, pk=pk) if pk <= MAX_ID else None)


def _ranked(
    request: AuthenticatedHttpRequest, pk: int, perm: str
) -> tuple[Workshop, bool, list[reads.QuestionResult]]:
    """The workshop ``perm`` lets one read, whether one sees its live tally (a facilitator),
    and its ranked result."""
    workshop = _workshop(request, pk)
    require(request.user.has_perm(perm, workshop))
    live = bool(can_facilitate(request.user, workshop))
    return workshop, live, reads.ranked(workshop, live=live)


def results_url(workshop_id: int, theme_id: int | None = None) -> str:
    url = reverse("workshops:results", args=[workshop_id])
    return f"{url}#theme-{theme_id}" if theme_id else url


def _follow_up_links(results: list[reads.QuestionResult]) -> None:
    """The address of what each follow-up became (its target app's page)."""
    for result in results:
        for theme in result.themes:
            for item in theme.follow_ups:
                key = item.target.partition(":")[0]
                target = follow_up_target(key) if item.target else None
                item.link = target.url(item.target) if target else ""  # type: ignore[attr-defined]


# --- The results page and the projector -------------------------------------------------------


@login_required
@require_GET
def results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    workshop, live, found = _ranked(request, pk, "workshops.read_results")
    if live:
        reads.with_follow_ups(found, user=request.user)
        _follow_up_links(found)
    return render(
        request,
        "workshops/results/page.html",
        {
            "workshop": workshop,
            "results": found,
            "live": live,
            "results_phase": Phase.RESULTS,
            "can_export": request.user.has_perm("workshops.export", workshop),
            "formats": exports.FORMATS,
        },
    )


def _number(raw: str | None, count: int) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), max(count, 1))


@login_required
@require_GET
def present(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One question per screen in large type, with links to the previous and next."""
    workshop, _live, found = _ranked(request, pk, "workshops.export")
    number = _number(request.GET.get("q"), len(found))
    return render(
        request,
        "workshops/results/present.html",
        {
            "workshop": workshop,
            "result": found[number - 1] if found else None,
            "number": number,
            "count": len(found),
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < len(found) else None,
        },
    )


@login_required
@require_GET
def export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    workshop, _live, found = _ranked(request, pk, "workshops.export")
    return exports.download(workshop, found, fmt)


# --- The archive ------------------------------------------------------------------------------


@login_required
@require_GET
def archive(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user.has_perm("workshops.read_archive_any"))
    search = ArchiveSearchForm(request.GET or None)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    page_obj = Paginator(reads.archive_list(user=request.user, query=query), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context: dict[str, Any] = {
        "search": search,
        "query": query,
        "page_obj": page_obj,
        "workshops": reads.archive_counts(list(page_obj.object_list), user=request.user),
    }
    if request.htmx:
        return render(request, "workshops/results/_archive_results.html", context)
    return render(request, "workshops/results/archive.html", context)


# --- Follow-up work ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A theme's follow-up page: a topic or a survey question in one click, or a task."""
    theme = _theme(request, pk)
    require(request.user.has_perm("workshops.follow_up", theme))
    workshop = theme.question.workshop
    candidates = services.owner_candidates(workshop.organisation, by=request.user)
    task_form = TaskForm(
        request.POST if request.method == "POST" and "target" not in request.POST else None,
        candidates=candidates,
        initial={"title": theme.name},
    )
    if request.method == "POST":
        posted = (
            _make(request, theme) if "target" in request.POST else _task(request, theme, task_form)
        )
        if posted:
            messages.success(request, posted)
            return redirect(results_url(workshop.pk, theme.pk))
    made_kinds = reads.made_kinds(user=request.user, theme=theme)
    targets = [
        {"key": t.key, "label": t.label, "made": services.TARGET_KINDS[t.key] in made_kinds}
        for t in services.targets_for(request.user, workshop.organisation)
    ]
    return render(
        request,
        "workshops/results/follow_up.html",
        {
            "workshop": workshop,
            "theme": theme,
            "targets": targets,
            "form": task_form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _make(request: AuthenticatedHttpRequest, theme: Theme) -> str:
    """A topic or a survey question made of ``theme``: the message to show ("" when refused,
    the reason given already)."""
    make = MakeForm(request.POST)
    if not make.is_valid():
        messages.error(request, _("Valitse, millaista jatkotyötä teemasta tehdään."))
        return ""
    with service_errors(request) as outcome:
        made = services.follow_up_make(
            by=request.user, theme=theme, target_key=make.cleaned_data["target"]
        )
    return "" if outcome.failed else _made_message(made)


def _task(request: AuthenticatedHttpRequest, theme: Theme, form: TaskForm) -> str:
    """A task of ``theme`` as the form gives it: the message to show ("" when refused, the
    form then tells why)."""
    if not form.is_valid():
        return ""
    with service_errors(request, form) as outcome:
        services.task_create(
            by=request.user,
            theme=theme,
            owner=form.chosen_owner(),
            due_on=form.cleaned_data["due_on"],
            title=form.cleaned_data["title"],
            note=form.cleaned_data["note"],
        )
    return "" if outcome.failed else _("Tehtävä annettu. Vastuuhenkilölle lähtee viesti.")


def _made_message(made: FollowUp) -> str:
    if made.kind == FollowUp.Kind.TOPIC:
        return _("Teemasta tehtiin aihe tutoroinnin aihesanastoon.")
    return _("Teemasta tehtiin kysymys kyselyluonnokseen.")


@login_required
@require_POST
def task_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = found_or_404(reads.task_get(user=request.user, pk=pk) if pk <= MAX_ID else None)
    require(request.user.has_perm("workshops.mark_done", task))
    done = request.POST.get("done", "1") != "0"
    with service_errors(request) as outcome:
        services.task_done(by=request.user, task=task, done=done)
    if not outcome.failed:
        messages.success(
            request, _("Tehtävä merkitty tehdyksi.") if done else _("Tehtävä palautettu tehtäviin.")
        )
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("dashboard:root")
