"""Organisation tree, people, invitations and role changes. Thin: forms, services, selectors."""

from __future__ import annotations

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tutori.accounts import throttle
from tutori.accounts.forms import SetPasswordForm
from tutori.core.errors import ApplicationError
from tutori.core.http import AuthenticatedHttpRequest, found_or_404, require, service_errors
from tutori.orgs import roster, selectors, services
from tutori.orgs.forms import InviteForm, PeopleFilterForm, RoleChangeForm, RosterUploadForm
from tutori.orgs.models import Organisation, Role

PEOPLE_PER_PAGE = 25
INVITATIONS_SHOWN = 50


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
        "can_manage_people": rules.has_perm("orgs.manage_people", request.user, organisation),
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
            "roles": Role.choices,
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
    """An invited person sets a password (if they have none) and is logged in."""
    retry_after = throttle.client_retry_after(request)
    if retry_after:
        return throttle.throttled_response(request, retry_after)
    invitation = services.invitation_get(token)
    if invitation is None:
        throttle.client_failed(request)  # a link guessed, mistyped, used up or expired
        raise Http404(_("Kutsu on vanhentunut tai jo käytetty."))
    needs_password = not invitation.user.has_usable_password()
    form = SetPasswordForm(request.POST or None, user=invitation.user)
    if request.method == "POST" and (not needs_password or form.is_valid()):
        password = form.cleaned_data.get("password1") if needs_password else None
        try:
            user = services.invitation_accept(invitation=invitation, password=password)
        except ApplicationError as error:  # a second click on the link lost the race
            raise Http404(error.message) from error
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
