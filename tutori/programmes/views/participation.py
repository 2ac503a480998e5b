"""Participation (part C): the info letter, assignments, the participant's own page (goals,
the followed case, case notes, returning assignments), the trainer's review, a session's
attendance list (made for a phone) and a trainer's view of one participant's work."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.programmes import permissions
from tutori.programmes.forms.participation import (
    AssignmentForm,
    AttendanceForm,
    CaseNoteForm,
    GoalsForm,
    InfoLetterForm,
    ParticipantGoalsForm,
    ReviewForm,
    SubmitForm,
)
from tutori.programmes.models import Assignment, Programme, Session, Submission
from tutori.programmes.selectors import participation as selectors
from tutori.programmes.selectors import programmes as plan_selectors
from tutori.programmes.services import participation as services
from tutori.programmes.views.programmes import MAX_ID, detail_url, programme_or_404


def _status(form: object) -> int:
    return 400 if getattr(form, "errors", None) else 200


def _sessions(programme: Programme) -> list[Session]:
    # Through the programme the caller already sees.
    return list(
        programme.sessions.filter(cancelled_at__isnull=True).order_by("date", "starts_at", "pk")
    )


def _assignment(request: AuthenticatedHttpRequest, pk: int) -> Assignment:
    return found_or_404(
        selectors.assignment_get(user=request.user, pk=pk) if pk <= MAX_ID else None
    )


def _submission(request: AuthenticatedHttpRequest, pk: int) -> Submission:
    submission = found_or_404(
        selectors.submission_get(user=request.user, pk=pk) if pk <= MAX_ID else None
    )
    # A manager sees the participant, not their work: as if it did not exist.
    if not permissions.can_read_participant_work(request.user, submission.participant):
        raise Http404
    return submission


def _me_url(programme: Programme, anchor: str = "") -> str:
    url = reverse("programmes:me", args=[programme.pk])
    return f"{url}#{anchor}" if anchor else url


# --- The info letter ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def info_letter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_404(request, pk, manage=True)
    form = InfoLetterForm(request.POST or None, initial={"text": programme.info_letter})
    if request.method == "POST" and programme.info_letter_sent_at is None and form.is_valid():
        with service_errors(request, form) as outcome:
            services.info_letter_save(
                by=request.user, programme=programme, text=form.cleaned_data["text"]
            )
        if not outcome.failed:
            messages.success(request, _("Infokirje tallennettu."))
            if "send" in request.POST:
                return redirect("programmes:info_letter_send", programme.pk)
            return redirect("programmes:info_letter", programme.pk)
    pre = list(programme.assignments.filter(kind=Assignment.Kind.PRE))
    return render(
        request,
        "programmes/info_letter.html",
        {
            "form": form,
            "programme": programme,
            "pre": pre,
            "recipients": len(services.info_letter_recipients(programme)),
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def info_letter_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_404(request, pk, manage=True)
    if request.method == "POST":
        with service_errors(request) as outcome:
            count = services.info_letter_send(by=request.user, programme=programme)
        if not outcome.failed:
            messages.success(
                request,
                ngettext(
                    "Infokirje lähtee %(count)d osallistujalle.",
                    "Infokirje lähtee %(count)d osallistujalle.",
                    count,
                )
                % {"count": count},
            )
            return redirect(detail_url(programme, "participation"))
        return redirect("programmes:info_letter", programme.pk)
    recipients = len(services.info_letter_recipients(programme))
    return render(
        request,
        "programmes/confirm.html",
        {
            "programme": programme,
            "title": _("Lähetetäänkö infokirje?"),
            "explanation": ngettext(
                "Infokirje ja ennakkotehtävät lähetetään sähköpostilla %(count)d "
                "osallistujalle. Kirje lähetetään vain kerran, eikä sitä voi sen jälkeen muuttaa.",
                "Infokirje ja ennakkotehtävät lähetetään sähköpostilla %(count)d "
                "osallistujalle. Kirje lähetetään vain kerran, eikä sitä voi sen jälkeen muuttaa.",
                recipients,
            )
            % {"count": recipients},
            "button": _("Lähetä infokirje"),
            "back_url": reverse("programmes:info_letter", args=[programme.pk]),
        },
    )


# --- Assignments ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assignment_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_404(request, pk)
    require(permissions.can_train(request.user, programme))
    initial = {}
    if request.GET.get("kind") in Assignment.Kind.values:
        initial["kind"] = request.GET["kind"]
    form = AssignmentForm(request.POST or None, sessions=_sessions(programme), initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.assignment_create(
                by=request.user, programme=programme, **form.service_kwargs()
            )
        if not outcome.failed:
            messages.success(request, _("Tehtävä lisätty."))
            return redirect(detail_url(programme, "assignments"))
    return render(
        request,
        "programmes/assignment_form.html",
        {"form": form, "programme": programme, "title": _("Uusi tehtävä")},
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    programme = assignment.programme
    require(permissions.can_train(request.user, programme))
    form = AssignmentForm(
        request.POST or None,
        sessions=_sessions(programme),
        initial=AssignmentForm.initial_of(assignment),
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.assignment_update(
                by=request.user, assignment=assignment, **form.service_kwargs()
            )
        if not outcome.failed:
            messages.success(request, _("Tehtävä tallennettu."))
            return redirect(detail_url(programme, "assignments"))
    return render(
        request,
        "programmes/assignment_form.html",
        {
            "form": form,
            "programme": programme,
            "assignment": assignment,
            "title": _("Muokkaa tehtävää"),
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    programme = assignment.programme
    require(permissions.can_train(request.user, programme))
    if request.method == "POST":
        with service_errors(request) as outcome:
            services.assignment_delete(by=request.user, assignment=assignment)
        if not outcome.failed:
            messages.success(request, _("Tehtävä poistettu."))
        return redirect(detail_url(programme, "assignments"))
    return render(
        request,
        "programmes/confirm.html",
        {
            "programme": programme,
            "title": _("Poistetaanko tehtävä?"),
            "explanation": assignment.title,
            "button": _("Poista"),
            "danger": True,
            "back_url": detail_url(programme, "assignments"),
        },
    )


# --- The participant's own page -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def me(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_404(request, pk, people=False)  # one's own page names neither
    participant = found_or_404(selectors.my_participant(user=request.user, programme=programme))
    # A page read (GET) shows the work, whose sessions the note form offers too (one read);
    # a save reads the sessions alone, and the work only to show an error.
    work = selectors.work(participant) if request.method != "POST" else None
    sessions = [s for s in work.sessions if not s.is_cancelled] if work else _sessions(programme)
    can_work = bool(permissions.can_work_as_participant(request.user, participant))
    action = request.POST.get("action") if request.method == "POST" else None
    goals_form = GoalsForm(
        request.POST if action == "goals" else None,
        initial={"goals": participant.goals, "case_description": participant.case_description},
    )
    note_form = CaseNoteForm(request.POST if action == "note" else None, sessions=sessions)
    if request.method == "POST":
        require(can_work)
        if action == "goals" and goals_form.is_valid():
            with service_errors(request, goals_form) as outcome:
                services.goals_save(
                    by=request.user,
                    participant=participant,
                    goals=goals_form.cleaned_data["goals"],
                    case_description=goals_form.cleaned_data["case_description"],
                )
            if not outcome.failed:
                messages.success(request, _("Tavoitteet ja seurantacase tallennettu."))
                return redirect(_me_url(programme, "goals"))
        elif action == "note" and note_form.is_valid():
            with service_errors(request, note_form) as outcome:
                services.case_note_add(
                    by=request.user,
                    participant=participant,
                    text=note_form.cleaned_data["text"],
                    session=note_form.session_obj(),
                )
            if not outcome.failed:
                messages.success(request, _("Muistiinpano tallennettu."))
                return redirect(_me_url(programme, "notes"))
        elif action not in ("goals", "note"):
            messages.error(request, _("Tallennettavaa ei löytynyt. Yritä uudelleen."))
            return redirect(_me_url(programme))
    work = work or selectors.work(participant)
    return render(
        request,
        "programmes/me.html",
        {
            "programme": programme,
            "participant": participant,
            "work": work,
            "can_work": can_work,
            "goals_form": goals_form,
            "note_form": note_form,
            "own": True,
        },
        status=400 if (goals_form.errors or note_form.errors) else 200,
    )


@login_required
@require_GET
def participant(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A trainer's (or coordinator's) view of one participant's goals, case and work."""
    p = found_or_404(selectors.participant_get(user=request.user, pk=pk) if pk <= MAX_ID else None)
    require(permissions.can_train(request.user, p.programme))
    return render(
        request,
        "programmes/participant.html",
        {
            "programme": p.programme,
            "participant": p,
            "work": selectors.work(p),
            "own": False,
            "records_goals": bool(permissions.can_record_goals(request.user, p)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_goals(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A coordinator or trainer records an enrolled participant's goals (their talk)."""
    p = found_or_404(selectors.participant_get(user=request.user, pk=pk) if pk <= MAX_ID else None)
    require(permissions.can_train(request.user, p.programme))
    require(permissions.can_record_goals(request.user, p))
    form = ParticipantGoalsForm(request.POST or None, initial={"goals": p.goals})
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.goals_record(by=request.user, participant=p, goals=form.cleaned_data["goals"])
        if not outcome.failed:
            messages.success(request, _("Osallistujan tavoitteet tallennettu."))
            return redirect(reverse("programmes:participant", args=[p.pk]) + "#goals-title")
    return render(
        request,
        "programmes/participant_goals.html",
        {"programme": p.programme, "participant": p, "form": form},
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    programme = assignment.programme
    participant = found_or_404(selectors.my_participant(user=request.user, programme=programme))
    require(permissions.can_work_as_participant(request.user, participant))
    existing = participant.submissions.filter(assignment=assignment).first()
    if existing is not None and existing.status == Submission.Status.ACCEPTED:
        messages.info(request, _("Tehtävä on jo hyväksytty."))
        return redirect(_me_url(programme, "assignments"))
    form = SubmitForm(
        request.POST or None,
        request.FILES or None,
        initial={"text": existing.text if existing else ""},
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.submit(
                by=request.user,
                participant=participant,
                assignment=assignment,
                text=form.cleaned_data["text"],
                file=form.cleaned_data.get("file"),
            )
        if not outcome.failed:
            messages.success(request, _("Tehtävä palautettu. Kouluttaja käy sen läpi."))
            return redirect(_me_url(programme, "assignments"))
    return render(
        request,
        "programmes/submit.html",
        {
            "form": form,
            "programme": programme,
            "assignment": assignment,
            "existing": existing,
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A returned assignment: the participant reads it and its review; a trainer reviews
    it (accept, or return with feedback)."""
    sub = _submission(request, pk)
    programme = sub.participant.programme
    trains = bool(permissions.can_train(request.user, programme))
    form = ReviewForm(request.POST or None) if trains else None
    if request.method == "POST":
        require(trains)
        assert form is not None
        if form.is_valid():
            accept = form.cleaned_data["decision"] == ReviewForm.ACCEPT
            with service_errors(request, form) as outcome:
                services.review(
                    by=request.user,
                    submission=sub,
                    accept=accept,
                    feedback=form.cleaned_data["feedback"],
                )
            if not outcome.failed:
                messages.success(
                    request,
                    _("Tehtävä hyväksytty.")
                    if accept
                    else _("Tehtävä palautettu täydennettäväksi."),
                )
                return redirect(detail_url(programme, "to-review"))
    return render(
        request,
        "programmes/submission.html",
        {
            "programme": programme,
            "submission": sub,
            "form": form,
            "trains": trains,
            "own": sub.participant.person_id == request.user.pk,
        },
        status=_status(form),
    )


@login_required
@require_GET
def submission_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    sub = _submission(request, pk)
    if not sub.file:
        raise Http404
    try:
        handle = sub.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=PurePath(sub.file.name).name)


# --- Attendance -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = found_or_404(
        # The list names the session's date, place and host, not its trainers.
        plan_selectors.session_get(user=request.user, pk=pk, people=False) if pk <= MAX_ID else None
    )
    programme = session.programme
    require(permissions.can_train(request.user, programme))
    rows = selectors.attendance_rows(session)
    form = AttendanceForm(request.POST or None, session=session, rows=rows)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            changed = services.attendance_save(by=request.user, session=session, marks=form.marks())
        if not outcome.failed:
            messages.success(
                request,
                ngettext(
                    "Läsnäolot tallennettu (%(count)d muutos).",
                    "Läsnäolot tallennettu (%(count)d muutosta).",
                    changed,
                )
                % {"count": changed},
            )
            return redirect("programmes:attendance", session.pk)
    marked = sum(1 for _p, mark in rows if mark is not None)
    return render(
        request,
        "programmes/attendance.html",
        {
            "programme": programme,
            "session": session,
            "form": form,
            "marked": marked,
            "future": session.date > timezone.localdate(),
        },
        status=_status(form),
    )
