"""Forms of the accounts app."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tutori.accounts import throttle
from tutori.accounts.models import email_normalise
from tutori.core.forms import SingleLineTextField

THROTTLED = "throttled"


class ThrottledLoginMixin:
    """What every login form does before it authenticates: refuse while the client address is
    over its failure limit (tutori.accounts.throttle), and take the address in its one form."""

    request: HttpRequest | None

    def clean_username(self) -> str:
        return email_normalise(self.cleaned_data.get("username"))  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        if self.request is not None and throttle.client_retry_after(self.request):
            raise ValidationError(
                _(
                    "Tästä verkosta on tullut liian monta epäonnistunutta yritystä. "
                    "Yritä myöhemmin uudelleen."
                ),
                code=THROTTLED,
            )
        return super().clean()  # type: ignore[misc,no-any-return]


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("Sähköposti"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Salasana"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("Sähköposti tai salasana on väärin."),
        "inactive": _("Tämä tunnus ei ole käytössä."),
    }


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin site's login: the same address rule and client throttle as Tutori's own."""


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Sähköposti"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False, max_length=2000)


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("Uusi salasana"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Vähintään 10 merkkiä, ei pelkkiä numeroita eikä yleinen salasana."),
    )
    password2 = forms.CharField(
        label=_("Uusi salasana uudelleen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: object, user: object = None, **kwargs: object) -> None:
        self.user = user
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Salasanat eivät ole samat."))
        if p1:
            try:
                password_validation.validate_password(str(p1), self.user)  # type: ignore[arg-type]
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ProfileForm(forms.Form):
    display_name = SingleLineTextField(label=_("Nimi"), max_length=150)
    phone = SingleLineTextField(label=_("Puhelin"), max_length=30, required=False)
    preferred_language = forms.ChoiceField(label=_("Asiointikieli"), choices=settings.LANGUAGES)
