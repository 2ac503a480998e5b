"""Organisation tree, people, invitations and role changes. Thin: forms, services, selectors."""

from __future__ import annotations

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutori.accounts import throttle
from tutori.accounts.forms import SetPasswordForm
from tutori.core.errors import ApplicationError
from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.orgs import roster, selectors, services
from tutori.orgs.forms import (
    InvitationFilterForm,
    InviteForm,
    PeopleFilterForm,
    RoleChangeForm,
    RosterUploadForm,
)
from tutori.orgs.models import InvitationState, Organisation, Role

PEOPLE_PER_PAGE = 25
INVITATIONS_SHOWN = 50
INVITATIONS_PER_PAGE = 25


@login_required
@require_GET
def tree(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "orgs/tree.html",
        {
            "roots": selectors.organisation_tree(user=request.user),
            "networks": selectors.network_list(user=request.user),
        },
    )


@login_required
@require_GET
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = found_or_404(selectors.organisation_get(user=request.user, pk=pk))
    my_role = selectors.role_in(user=request.user, organisation=organisation)
    return render(
        request,
        "orgs/organisation_detail.html",
        {
            "organisation": organisation,
            "children": selectors.organisation_children(
                user=request.user, organisation=organisation
            ),
            "networks": selectors.network_list(user=request.user).filter(
                organisations=organisation
            ),
            "my_role": my_role,
            "my_role_label": Role(my_role).label if my_role else "",
            "can_view_people": request.user.has_perm("orgs.view_people", organisation),
            "can_manage_people": rules.has_perm("orgs.manage_people", request.user, organisation),
        },
    )


@login_required
@require_GET
def people(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = found_or_404(selectors.organisation_get(user=request.user, pk=pk))
    require(request.user.has_perm("orgs.view_people", organisation))
    form = PeopleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    memberships = selectors.membership_list(
        user=request.user,
        organisation=organisation,
        query=filters.get("q", ""),
        role=filters.get("role", ""),
        status=filters.get("status") or selectors.MembershipStatus.ACTIVE,
        include_descendants=bool(filters.get("sub")),
    )
    page_obj = Paginator(memberships, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    can_manage_people = rules.has_perm("orgs.manage_people", request.user, organisation)
    if can_manage_people:
        page_obj.object_list = list(page_obj.object_list)
        selectors.invitations_of_members(user=request.user, memberships=page_obj.object_list)
    waiting = selectors.invitation_waiting_list(
        user=request.user,
        organisation=organisation,
        query=filters.get("q", ""),
        role=filters.get("role", ""),
        include_descendants=bool(filters.get("sub")),
    )
    if filters.get("status") == selectors.MembershipStatus.ENDED:
        waiting = waiting.none()
    invitations = list(waiting[:INVITATIONS_SHOWN])
    context = {
        "organisation": organisation,
        "form": form,
        "page_obj": page_obj,
        "invitations": invitations,
        "invitation_count": (
            waiting.count() if len(invitations) == INVITATIONS_SHOWN else len(invitations)
        ),
        "invitations_shown": INVITATIONS_SHOWN,
        "can_manage_people": can_manage_people,
        "back": request.get_full_path(),
    }
    template = "orgs/partials/_people_results.html" if request.htmx else "orgs/people.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = found_or_404(selectors.organisation_get(user=request.user, pk=pk))
    require(request.user.has_perm("orgs.manage_people", organisation))
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.person_invite(
                by=request.user,
                organisation=organisation,
                request_base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        if not outcome.failed:
            messages.success(
                request,
                _("Kutsu lähetetty osoitteeseen %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("orgs:people", pk=organisation.pk)
    return render(request, "orgs/invite.html", {"organisation": organisation, "form": form})


def _back(request: HttpRequest, default: str) -> str:
    """Where a form's ``next`` field says to return, if it is a page of this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
@require_GET
def invitations(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The invitations into an organisation: when each was sent, which expired; resend,
    withdraw."""
    organisation = found_or_404(selectors.organisation_get(user=request.user, pk=pk))
    require(rules.has_perm("orgs.manage_people", request.user, organisation))
    form = InvitationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    listed = selectors.invitation_list(
        user=request.user,
        organisation=organisation,
        query=filters.get("q", ""),
        state=filters.get("state") or selectors.InvitationFilter.OPEN,
        include_descendants=bool(filters.get("sub")),
    )
    page_obj = Paginator(listed, INVITATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "organisation": organisation,
        "form": form,
        "page_obj": page_obj,
        "back": request.get_full_path(),
        "lifetime_days": settings.INVITATION_LIFETIME.days,
    }
    template = "orgs/partials/_invitation_results.html" if request.htmx else "orgs/invitations.html"
    return render(request, template, context)


@login_required
@require_POST
def invitation_resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Send an invitation again: a new link and a new expiry; the old link stops working."""
    invitation = found_or_404(selectors.invitation_get(user=request.user, pk=pk))
    require(rules.has_perm("orgs.manage_people", request.user, invitation.organisation))
    with service_errors(request) as outcome:
        services.invitation_resend(
            by=request.user,
            invitation=invitation,
            request_base_url=request.build_absolute_uri("/"),
        )
    if not outcome.failed:
        messages.success(
            request,
            _("Kutsu lähetetty uudelleen osoitteeseen %(email)s. Aiempi linkki ei enää toimi.")
            % {"email": invitation.user.email},
        )
    return redirect(_back(request, reverse("orgs:invitations", args=[invitation.organisation_id])))


@login_required
@require_http_methods(["GET", "POST"])
def invitation_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Withdraw an invitation, after a confirmation."""
    invitation = found_or_404(selectors.invitation_get(user=request.user, pk=pk))
    require(rules.has_perm("orgs.manage_people", request.user, invitation.organisation))
    back = _back(request, reverse("orgs:invitations", args=[invitation.organisation_id]))
    if request.method == "POST":
        with service_errors(request) as outcome:
            services.invitation_withdraw(by=request.user, invitation=invitation)
        if not outcome.failed:
            messages.success(
                request,
                _("Kutsu peruttu: %(name)s. Kutsulinkki ei enää toimi.")
                % {"name": invitation.display_name or invitation.user.display_name},
            )
        return redirect(back)
    return render(
        request, "orgs/invitation_withdraw.html", {"invitation": invitation, "back": back}
    )


@login_required
@require_POST
def membership_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mail a member who cannot log in yet a link with which they set a password."""
    membership = found_or_404(selectors.membership_get(user=request.user, pk=pk))
    require(rules.has_perm("orgs.manage_people", request.user, membership.organisation))
    with service_errors(request) as outcome:
        services.membership_invite(
            by=request.user,
            membership=membership,
            request_base_url=request.build_absolute_uri("/"),
        )
    if not outcome.failed:
        messages.success(
            request,
            _("Kutsu lähetetty osoitteeseen %(email)s.") % {"email": membership.user.email},
        )
    return redirect(_back(request, reverse("orgs:people", args=[membership.organisation_id])))


@login_required
@require_http_methods(["GET", "POST"])
def membership_role(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = found_or_404(selectors.membership_get(user=request.user, pk=pk))
    require(request.user.has_perm("orgs.manage_people", membership.organisation))
    form = RoleChangeForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as outcome:
            services.membership_change_role(
                by=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
            )
        if not outcome.failed:
            messages.success(request, _("Rooli vaihdettu."))
            return redirect("orgs:people", pk=membership.organisation_id)
    return render(request, "orgs/membership_role.html", {"membership": membership, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = found_or_404(selectors.membership_get(user=request.user, pk=pk))
    require(request.user.has_perm("orgs.manage_people", membership.organisation))
    if request.method == "POST":
        with service_errors(request) as outcome:
            services.membership_end(by=request.user, membership=membership)
        if not outcome.failed:
            messages.success(
                request,
                _("Jäsenyys päätetty: %(name)s. Tiedot säilyvät historiassa.")
                % {"name": membership.user.display_name},
            )
        return redirect("orgs:people", pk=membership.organisation_id)
    return render(request, "orgs/membership_end.html", {"membership": membership})


@login_required
@require_GET
def network_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    network = found_or_404(selectors.network_get(user=request.user, pk=pk))
    visible_ids = selectors.network_member_ids_visible(user=request.user, network=network)
    return render(
        request, "orgs/network_detail.html", {"network": network, "visible_ids": visible_ids}
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(rules.has_perm("orgs.import_roster", request.user))
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    problems: list[roster.RosterProblem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.ROSTER_MAX_BYTES:
            # Refused before reading: a 50 MB file is never loaded into memory.
            problems = [
                roster.RosterProblem(
                    line=0,
                    message=_("Tiedosto on liian suuri (enintään %(mb)s Mt).")
                    % {"mb": settings.ROSTER_MAX_BYTES // (1024 * 1024)},
                )
            ]
        else:
            check = roster.roster_check(
                by=request.user,
                filename=upload.name or "",
                data=upload.read(),
            )
            if check.ok and check.preview is not None:
                return redirect("orgs:import_preview", pk=check.preview.pk)
            problems = check.problems
    return render(
        request,
        "orgs/roster_upload.html",
        {
            "form": form,
            "problems": problems,
            "organisations": Organisation.objects.visible_to(
                request.user, "orgs.manage_people"
            ).order_by("path")[:50],
            "roles": roster.role_names(),
        },
        status=400 if problems else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roster_import = found_or_404(roster.roster_import_get(by=request.user, pk=pk))
    if request.method == "POST":
        with service_errors(request) as outcome:
            summary = roster.roster_apply(
                by=request.user,
                roster_import=roster_import,
                request_base_url=request.build_absolute_uri("/"),
            )
        if not outcome.failed:
            messages.success(
                request,
                _("Henkilölista tuotu: %(total)s riviä.") % {"total": summary["total"]},
            )
        return redirect("orgs:import_preview", pk=roster_import.pk)
    return render(
        request,
        "orgs/roster_preview.html",
        {
            "roster_import": roster_import,
            "rows": roster_import.rows,
            "summary": roster_import.summary,
            "role_labels": dict(Role.choices),
        },
    )


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invited person sets a password (if they have none) and is logged in. A link that
    no longer works (expired, withdrawn, replaced, used) says why and changes nothing."""
    retry_after = throttle.client_retry_after(request)
    if retry_after:
        return throttle.throttled_response(request, retry_after)
    found = services.invitation_find(token)
    if found is None or found.state != InvitationState.WAITING:
        throttle.client_failed(request)  # a link guessed, mistyped, used up or expired
        return _invitation_unusable(request, found.state if found else None)
    invitation = found
    needs_password = not invitation.user.has_usable_password()
    form = SetPasswordForm(request.POST or None, user=invitation.user)
    if request.method == "POST" and (not needs_password or form.is_valid()):
        password = form.cleaned_data.get("password1") if needs_password else None
        try:
            user = services.invitation_accept(invitation=invitation, password=password)
        except ApplicationError:  # a second click on the link lost the race
            again = services.invitation_find(token)
            return _invitation_unusable(request, again.state if again else None)
        if needs_password:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Tervetuloa Tutoriin!"))
            return redirect("dashboard:dashboard")
        messages.success(request, _("Kutsu hyväksytty. Kirjaudu sisään."))
        return redirect("accounts:login")
    return render(
        request,
        "orgs/invitation.html",
        {"invitation": invitation, "form": form, "needs_password": needs_password},
    )


def _invitation_unusable(request: HttpRequest, state: str | None) -> HttpResponse:
    """The page of a link that does not work: 404 for a link that never was, 410 for one
    that expired, was withdrawn or replaced, or was used."""
    return render(
        request,
        "orgs/invitation_unusable.html",
        {
            "state": state,
            "message": services.invitation_refusal(state) if state else "",
            "accepted": state == InvitationState.ACCEPTED,
        },
        status=404 if state is None else 410,
    )
