"""Forms of the accounts app."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
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
    display_name = forms.CharField(label=_("Nimi"), max_length=150)
    phone = forms.CharField(label=_("Puhelin"), max_length=30, required=False)
    preferred_language = forms.ChoiceField(label=_("Asiointikieli"), choices=settings.LANGUAGES)
