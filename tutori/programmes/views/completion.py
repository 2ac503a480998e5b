"""Completion: the coordinator's completion page (who meets the rule, confirming), the
certificate PDF, the public verification of a certificate code, leaving with a reason, a
manager's page of their own people's progress and the follow-up meeting's invitation."""

from __future__ import annotations

from typing import Any

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import get_usage

from tutori.accounts.throttle import client_network
from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.programmes import certificate as certificate_pdf
from tutori.programmes.forms.completion import ConfirmForm, LeaveForm, PeopleFilterForm
from tutori.programmes.models import Participant, Session
from tutori.programmes.selectors import completion as selectors
from tutori.programmes.selectors.programmes import programme_get
from tutori.programmes.services import completion as services

PEOPLE_PER_PAGE = 50
# Unknown certificate codes one client network may try (a real code is never counted).
VERIFY_FAILURES = "tutori.programmes.certificate-misses"
VERIFY_FAILURE_RATE = "30/10m"


def _detail_url(programme_id: int, anchor: str = "") -> str:
    url = reverse("programmes:detail", args=[programme_id])
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_http_methods(["GET", "POST"])
def completion(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = found_or_404(programme_get(user=request.user, pk=pk))
    require(rules.has_perm("programmes.manage", request.user, programme))
    progress = services.evaluate(programme)
    ready = [
        row
        for row in progress
        if row.meets and row.participant.status == Participant.Status.ENROLLED
    ]
    form = ConfirmForm(request.POST or None, ready=[row.participant for row in ready])
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["participants"]
        if not form.cleaned_data["confirmed"]:
            names = [row for row in ready if row.participant.pk in set(chosen)]
            return render(
                request,
                "programmes/completion/confirm.html",
                {"programme": programme, "rows": names, "chosen": chosen},
            )
        with service_errors(request, form) as outcome:
            done = services.confirm(programme=programme, participant_ids=chosen, by=request.user)
        if not outcome.failed:
            messages.success(
                request,
                _("Suoritus vahvistettu: %(names)s. Heille lähti todistus sähköpostilla.")
                % {"names": ", ".join(p.person.display_name for p in done)},
            )
            return redirect("programmes:completion", pk=programme.pk)
    return render(
        request,
        "programmes/completion/completion.html",
        {
            "programme": programme,
            "progress": progress,
            "ready_ids": {row.participant.pk for row in ready},
            "form": form,
            "programme_url": _detail_url(programme.pk),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def certificate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participant = found_or_404(selectors.participant_get(user=request.user, pk=pk))
    require(rules.has_perm("programmes.read_certificate", request.user, participant))
    if participant.status != Participant.Status.COMPLETED or not participant.certificate_code:
        raise Http404
    hours = services.hours_of(participant)
    pdf = certificate_pdf.render_pdf(participant, hours)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="todistus-{participant.programme_id}-{participant.pk}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _misses(request: HttpRequest, *, increment: bool) -> bool:
    usage = get_usage(
        request,
        group=VERIFY_FAILURES,
        key=lambda group, request: client_network(request),
        rate=getattr(settings, "THROTTLE_CERTIFICATE_MISSES", VERIFY_FAILURE_RATE),
        increment=increment,
    )
    return bool(usage and usage["should_limit"])


@never_cache
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: whether a certificate code is valid, with the programme and the date only."""
    if _misses(request, increment=False):
        response = render(request, "programmes/completion/verify_throttled.html", status=429)
        response["Retry-After"] = "600"
        return response
    found = selectors.certificate_verify(code)
    if found is None:
        _misses(request, increment=True)
    response = render(
        request,
        "programmes/completion/verify.html",
        {"found": found, "code": code[: selectors.CODE_MAX]},
        status=200 if found else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participant = found_or_404(selectors.participant_get(user=request.user, pk=pk))
    require(rules.has_perm("programmes.leave", request.user, participant))
    own = participant.person_id == request.user.pk
    back = reverse("programmes:my") if own else _detail_url(participant.programme_id)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.leave(
                participant=participant,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        if not outcome.failed:
            if own:
                messages.success(
                    request,
                    _("Keskeyttäminen kirjattu: %(name)s") % {"name": participant.programme.name},
                )
            else:
                messages.success(
                    request,
                    _("Keskeyttäminen kirjattu: %(name)s")
                    % {"name": participant.person.display_name},
                )
            return redirect(back)
    return render(
        request,
        "programmes/completion/leave.html",
        {
            "participant": participant,
            "programme": participant.programme,
            "own": own,
            "form": form,
            "back_url": back,
            "enrolled": participant.status == Participant.Status.ENROLLED,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def people(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(rules.has_perm("programmes.follow_people", request.user))
    search = PeopleFilterForm(request.GET or None)
    query, status = "", ""
    if search.is_valid():
        query, status = search.cleaned_data["q"], search.cleaned_data["status"]
    page_obj = Paginator(
        selectors.people_progress(user=request.user, query=query, status=status),
        PEOPLE_PER_PAGE,
    ).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "search": search,
        "query": query,
        "status": status,
        "page_obj": page_obj,
    }
    if request.htmx:
        return render(request, "programmes/completion/_people_results.html", context)
    return render(request, "programmes/completion/people.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = found_or_404(
        Session.objects.visible_to(request.user)
        .select_related("programme", "programme__organisation", "host")
        .filter(pk=pk)
        .first()
    )
    programme = session.programme
    require(rules.has_perm("programmes.manage", request.user, programme))
    if request.method == "POST":
        with service_errors(request) as outcome:
            count = services.invite_follow_up(session=session, by=request.user)
        if not outcome.failed:
            messages.success(
                request,
                ngettext(
                    "Kutsu lähetetty %(count)s henkilölle.",
                    "Kutsu lähetetty %(count)s henkilölle.",
                    count,
                )
                % {"count": count},
            )
        return redirect(_detail_url(programme.pk, "timetable"))
    recipients = services.follow_up_recipients(session)
    return render(
        request,
        "programmes/completion/follow_up_invite.html",
        {
            "session": session,
            "programme": programme,
            "recipients": recipients,
            "back_url": _detail_url(programme.pk, "timetable"),
        },
    )
