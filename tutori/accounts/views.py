"""Login, logout, password reset, language choice and the own profile."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tutori.accounts import calendar, services, throttle
from tutori.accounts.forms import (
    THROTTLED,
    LanguageForm,
    LoginForm,
    PasswordResetRequestForm,
    ProfileForm,
)
from tutori.core.http import AuthenticatedHttpRequest, found_or_404
from tutori.core.registry import profile_sections


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        retry_after = throttle.client_retry_after(self.request)
        if retry_after and form.has_error(NON_FIELD_ERRORS, THROTTLED):
            return throttle.throttled_response(self.request, retry_after)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm  # type: ignore[assignment]
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        retry_after = throttle.client_retry_after(request)
        if retry_after:
            return throttle.throttled_response(request, retry_after)
        # Every request counts against the client address: counting only those for unknown
        # addresses would tell which addresses have an account.
        throttle.client_failed(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: PasswordResetRequestForm) -> HttpResponse:  # type: ignore[override]
        services.password_reset_request(request=self.request, email=form.cleaned_data["email"])
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        retry_after = throttle.client_retry_after(request)
        if retry_after:
            return throttle.throttled_response(request, retry_after)
        response = super().dispatch(request, *args, **kwargs)
        if not self.validlink:  # a link guessed, mistyped or used up
            throttle.client_failed(request)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("dashboard:root")


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the language; remembered in a cookie and, when logged in, on the account."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kieltä ei tunnistettu."))
        return redirect("dashboard:root")
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=language)
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
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.user_update_profile(user=user, **form.profile_data())
            messages.success(request, _("Tiedot tallennettu."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(user))
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "sections": profile_sections(user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def feed(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar.feed_revoke(user=user)
            messages.success(request, _("Kalenterilinkki poistettu käytöstä."))
            return redirect("accounts:feed")
        token = calendar.feed_create(user=user)
        url = request.build_absolute_uri(reverse("accounts:ical", args=[token]))
    active = calendar.feed_active(user=user)
    # Replacing or revoking a link in use asks first (?confirm=create|revoke shows the step).
    confirm = request.GET.get("confirm", "") if active and not url else ""
    return render(
        request,
        "accounts/feed.html",
        {"active": active, "url": url, "confirm": confirm},
    )


@require_GET
def ical(request: HttpRequest, token: str) -> HttpResponse:
    owner = found_or_404(calendar.feed_owner(token))
    body = calendar.feed_calendar(user=owner, host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tutori.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
