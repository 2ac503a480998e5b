"""Recording a supervision conversation (part C): the path's coach writes what was talked
about, linked to a step of the path, which is marked done by default; the author corrects
their note later."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.paths import permissions
from tutori.paths.forms.notes import SupervisionEditForm, SupervisionForm
from tutori.paths.models import PersonStep, StepKind
from tutori.paths.selectors import coach as selectors
from tutori.paths.selectors.notes import note_get
from tutori.paths.services import notes as services
from tutori.paths.views.coach import MAX_ID, back_url


def _label(ps: PersonStep) -> str:
    window = selectors.window_text(ps.due_from, ps.due_to)
    if ps.done_on is not None:
        state = _("tehty %(day)s") % {"day": selectors.day_text(ps.done_on)}
        return f"{ps.step.position}. {ps.step.title} ({state})"
    return f"{ps.step.position}. {ps.step.title}" + (f" ({window})" if window else "")


def _chosen(steps: list[PersonStep], raw: str | None) -> int | None:
    """The step a link asks for (``?step=``), else the first supervision step not done."""
    ids = {ps.pk for ps in steps}
    if raw and raw.isdigit() and int(raw) in ids:
        return int(raw)
    return next(
        (ps.pk for ps in steps if ps.step.kind == StepKind.SUPERVISION and ps.done_on is None),
        None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def supervision_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    path = found_or_404(selectors.path_get(user=request.user, pk=pk) if pk <= MAX_ID else None)
    require(permissions.can_write_notes(request.user, path))
    steps = selectors.path_steps(path)
    form = SupervisionForm(
        request.POST or None,
        steps=[(ps.pk, _label(ps)) for ps in steps],
        initial={
            "held_on": timezone.localdate(),
            "person_step": _chosen(steps, request.GET.get("step")),
            "mark_done": True,
        },
    )
    back = back_url(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        step = next((ps for ps in steps if ps.pk == data["person_step"]), None)
        with service_errors(request, form) as outcome:
            services.supervision_record(
                by=request.user,
                path=path,
                person_step=step,
                held_on=data["held_on"],
                duration_minutes=data["duration_minutes"],
                mark_done=data["mark_done"],
                **{name: data[name] for name in SupervisionForm.TEXTS},
            )
        if not outcome.failed:
            if data["mark_done"] and step is not None and step.done_on is None:
                messages.success(
                    request,
                    _("Työnohjauskeskustelu kirjattu ja vaihe merkitty tehdyksi: %(step)s")
                    % {"step": step.step.title},
                )
            else:
                messages.success(request, _("Työnohjauskeskustelu kirjattu."))
            return redirect(back)
    return render(
        request,
        "paths/coach/supervision_form.html",
        {"path": path, "form": form, "back": back},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def supervision_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The author corrects a recorded conversation (while they coach the running path)."""
    note = found_or_404(note_get(user=request.user, pk=pk) if pk <= MAX_ID else None)
    # A note one may not read is as if it did not exist.
    if not permissions.can_read_note(request.user, note):
        raise Http404
    require(permissions.can_edit_note(request.user, note))
    path = note.path
    steps = selectors.path_steps(path)
    initial = {
        name: getattr(note, name)
        for name in ("held_on", "duration_minutes", *SupervisionForm.TEXTS)
    }
    form = SupervisionEditForm(
        request.POST or None,
        steps=[(ps.pk, _label(ps)) for ps in steps],
        initial={**initial, "person_step": note.person_step_id},
    )
    back = back_url(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(request, form) as outcome:
            services.supervision_update(
                by=request.user,
                note=note,
                person_step=next((ps for ps in steps if ps.pk == data["person_step"]), None),
                held_on=data["held_on"],
                duration_minutes=data["duration_minutes"],
                **{name: data[name] for name in SupervisionForm.TEXTS},
            )
        if not outcome.failed:
            messages.success(request, _("Muistiinpano korjattu."))
            return redirect(back)
    return render(
        request,
        "paths/coach/supervision_form.html",
        {"path": path, "form": form, "back": back, "note": note},
        status=400 if form.errors else 200,
    )
