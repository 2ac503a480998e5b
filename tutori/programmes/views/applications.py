"""Applications: applying (a person, or a manager on their behalf), "Omat koulutukset", the
coordinator's list of applications and decision, direct enrolment and cancelling."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tutori.access import engine
from tutori.accounts.models import User
from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.orgs.models import Membership
from tutori.programmes import permissions
from tutori.programmes.forms.applications import (
    ApplicationFilterForm,
    ApplyForm,
    CancelForm,
    Decision,
    DecisionForm,
    EnrolForm,
    EnrolSearchForm,
)
from tutori.programmes.models import Participant, Programme
from tutori.programmes.selectors import applications as selectors
from tutori.programmes.services import enrolment

APPLICATIONS_PER_PAGE = 50
ON_BEHALF_MAX = 500


def _managed(request: AuthenticatedHttpRequest, pk: int) -> Programme:
    programme = found_or_404(selectors.programme_get(user=request.user, pk=pk))
    require(rules.has_perm("programmes.manage", request.user, programme))
    return programme


def _programme_url(programme: Programme) -> str:
    """The programme's page (part A's); "Omat koulutukset" until it exists."""
    try:
        return reverse("programmes:detail", args=[programme.pk])
    except NoReverseMatch:
        return reverse("programmes:my")


def _own_people(user: User) -> list[User]:
    """The people a manager may apply on behalf of: those of the organisations where they
    are a manager (or coordinator) themselves."""
    held = engine.reach(user).held_ids(permissions.FOLLOWER_ROLES)
    if not held:
        return []
    people: dict[int, User] = {}
    for m in (
        Membership.objects.visible_to(user)
        .active()
        .filter(organisation_id__in=held, user__is_active=True)
        .exclude(user=user)
        .select_related("user")
        .order_by("user__display_name", "pk")[:ON_BEHALF_MAX]
    ):
        people.setdefault(m.user_id, m.user)
    return list(people.values())


@login_required
@require_GET
def my(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = list(selectors.my_participations(user=request.user))
    for row in rows:
        row.url = _programme_url(row.programme)  # type: ignore[attr-defined]
        row.can_cancel = (  # type: ignore[attr-defined]
            row.status in enrolment.CANCELLABLE
            and (
                row.status != Participant.Status.ENROLLED
                or not enrolment.has_started(row.programme)
            )
        )
    return render(request, "programmes/my.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = found_or_404(selectors.programme_get(user=request.user, pk=pk))
    closed_reason = enrolment.applications_closed_reason(programme)
    people = _own_people(request.user) if closed_reason is None else []
    form = ApplyForm(request.POST or None, programme=programme, people=people)
    if request.method == "POST" and closed_reason is not None:
        # Closed between showing the form and sending it: say why beside what was typed.
        form.is_valid()
        form.add_error(None, closed_reason)
    elif request.method == "POST" and form.is_valid():
        person: User = request.user
        chosen = form.chosen_person_id()
        if chosen is not None:
            person = found_or_404(next((p for p in people if p.pk == chosen), None))
        with service_errors(request, form) as outcome:
            enrolment.apply(
                programme=programme,
                person=person,
                by=request.user,
                motivation=form.cleaned_data["motivation"],
                answers=form.answers(),
            )
        if not outcome.failed:
            if person.pk == request.user.pk:
                messages.success(
                    request,
                    _(
                        "Hakemuksesi on lähetetty. Saat sähköpostia, kun koordinaattori on "
                        "käsitellyt sen."
                    ),
                )
                return redirect("programmes:my")
            messages.success(
                request,
                _("Hakemus on lähetetty. Hakija: %(name)s") % {"name": person.display_name},
            )
            return redirect(_programme_url(programme))
    mine = selectors.my_participation(user=request.user, programme=programme)
    return render(
        request,
        "programmes/apply.html",
        {
            "programme": programme,
            "form": form,
            "closed_reason": closed_reason,
            "mine": mine if mine and mine.status not in enrolment.REAPPLIABLE else None,
            "programme_url": _programme_url(programme),
        },
        # A refused or invalid application is a 400, as every refused form.
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def applications(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = _managed(request, pk)
    search = ApplicationFilterForm(request.GET or None)
    query, status = "", ""
    if search.is_valid():
        query, status = search.cleaned_data["q"], search.cleaned_data["status"]
    page_obj = Paginator(
        selectors.application_list(
            user=request.user, programme=programme, status=status, query=query
        ),
        APPLICATIONS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "programme": programme,
        "search": search,
        "query": query,
        "status": status,
        "page_obj": page_obj,
        "counts": selectors.status_counts(programme),
        "programme_url": _programme_url(programme),
    }
    if request.htmx:
        return render(request, "programmes/partials/_application_results.html", context)
    return render(request, "programmes/applications.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participant = found_or_404(selectors.participant_get(user=request.user, pk=pk))
    programme = participant.programme
    require(rules.has_perm("programmes.manage", request.user, programme))
    pending = participant.status in enrolment.PENDING
    form = DecisionForm(request.POST or None, participant=participant) if pending else None
    if request.method == "POST" and form is not None and form.is_valid():
        decision, message = form.cleaned_data["decision"], form.cleaned_data["message"]
        name = participant.person.display_name
        with service_errors(request, form) as outcome:
            if decision == Decision.ACCEPT:
                enrolment.accept(participant=participant, by=request.user, message=message)
                text = _("%(name)s on nyt osallistuja. Hänelle lähti tieto sähköpostilla.")
            elif decision == Decision.WAITLIST:
                enrolment.waitlist(participant=participant, by=request.user, message=message)
                text = _("%(name)s on varasijalla. Hänelle lähti tieto sähköpostilla.")
            else:
                enrolment.decline(participant=participant, by=request.user, message=message)
                text = _("Hakemus hylätty: %(name)s. Hakijalle lähti viesti sähköpostilla.")
        if not outcome.failed:
            messages.success(request, text % {"name": name})
            return redirect(
                reverse("programmes:applications", args=[programme.pk])
                + f"?status={Participant.Status.APPLIED}"
            )
    elif request.method == "POST" and form is None:
        messages.info(request, _("Hakemus on jo käsitelty."))
        return redirect("programmes:application", pk=participant.pk)
    answers = list(participant.criteria_answers or [])
    criteria = list(programme.criteria or [])
    return render(
        request,
        "programmes/application.html",
        {
            "participant": participant,
            "programme": programme,
            "form": form,
            "answers": [
                (question, answers[n] if n < len(answers) else "")
                for n, question in enumerate(criteria)
            ],
            "programme_url": _programme_url(programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = _managed(request, pk)
    search = EnrolSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    if request.method == "POST":
        form = EnrolForm(request.POST)
        if form.is_valid():
            person = found_or_404(
                selectors.person_seen(user=request.user, pk=form.cleaned_data["person"])
            )
            with service_errors(request) as outcome:
                enrolment.enrol(programme=programme, person=person, by=request.user)
            if not outcome.failed:
                messages.success(
                    request,
                    _("%(name)s on nyt osallistuja. Hänelle lähti tieto sähköpostilla.")
                    % {"name": person.display_name},
                )
        else:
            messages.error(request, _("Valitse henkilö hakutuloksista."))
        url = reverse("programmes:enrol", args=[programme.pk])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    found = selectors.people_to_enrol(user=request.user, programme=programme, query=query)
    return render(
        request,
        "programmes/enrol.html",
        {
            "programme": programme,
            "search": search,
            "query": query,
            "found": found,
            "programme_url": _programme_url(programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participant = found_or_404(selectors.participant_get(user=request.user, pk=pk))
    require(rules.has_perm("programmes.cancel_participation", request.user, participant))
    own = participant.person_id == request.user.pk
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            enrolment.cancel(
                participant=participant, by=request.user, reason=form.cleaned_data["reason"]
            )
        if not outcome.failed:
            if own:
                messages.success(
                    request, _("Peruttu: %(name)s") % {"name": participant.programme.name}
                )
                return redirect("programmes:my")
            messages.success(
                request,
                _("Osallistuminen peruttu: %(name)s. Hänelle lähti tieto sähköpostilla.")
                % {"name": participant.person.display_name},
            )
            return redirect("programmes:applications", pk=participant.programme_id)
    return render(
        request,
        "programmes/cancel.html",
        {
            "participant": participant,
            "programme": participant.programme,
            "own": own,
            "form": form,
            "back_url": reverse("programmes:my")
            if own
            else reverse("programmes:applications", args=[participant.programme_id]),
        },
    )
