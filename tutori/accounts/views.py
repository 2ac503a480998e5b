"""Login, logout, password reset, language choice, own profile and invitations."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tutori.accounts import services
from tutori.accounts.forms import LanguageForm, LoginForm, ProfileForm, SetPasswordForm
from tutori.orgs import selectors as org_selectors
from tutori.orgs import services as org_services


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("core:home")


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the language; remembered in a cookie and, when logged in, on the account."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kieltä ei tunnistettu."))
        return redirect("core:home")
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=language)  # type: ignore[arg-type]
    response = HttpResponseRedirect(_safe_next(request, form.cleaned_data.get("next")))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )
    return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.user_update_profile(user=user, **form.cleaned_data)  # type: ignore[arg-type]
            messages.success(request, _("Tiedot tallennettu."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(
            initial={
                "display_name": user.display_name,  # type: ignore[union-attr]
                "phone": user.phone,  # type: ignore[union-attr]
                "preferred_language": user.preferred_language,  # type: ignore[union-attr]
            }
        )
    memberships = org_selectors.memberships_of(user=user)
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships})


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invited person sets a password (if they have none) and is logged in."""
    invitation = org_services.invitation_get(token)
    if invitation is None:
        raise Http404(_("Kutsu on vanhentunut tai jo käytetty."))
    needs_password = not invitation.user.has_usable_password()
    form = SetPasswordForm(request.POST or None, user=invitation.user)
    if request.method == "POST" and (not needs_password or form.is_valid()):
        password = form.cleaned_data.get("password1") if needs_password else None
        user = org_services.invitation_accept(invitation=invitation, password=password)
        if needs_password:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Tervetuloa Tutoriin!"))
            return redirect("core:dashboard")
        messages.success(request, _("Kutsu hyväksytty. Kirjaudu sisään."))
        return redirect("accounts:login")
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": invitation, "form": form, "needs_password": needs_password},
    )
