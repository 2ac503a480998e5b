"""Forms of the accounts app."""

from __future__ import annotations

from typing import Any

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
from tutori.core.registry import notification_kinds

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
    """The own profile: name, phone, language, and which mails one gets. The apps declare
    their kinds of mail (core.registry); those that are not essential have a checkbox here,
    ticked when the person gets them."""

    display_name = SingleLineTextField(label=_("Nimi"), max_length=150)
    phone = SingleLineTextField(label=_("Puhelin"), max_length=30, required=False)
    preferred_language = forms.ChoiceField(label=_("Asiointikieli"), choices=settings.LANGUAGES)

    MAIL_PREFIX = "mail__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mail_kinds: dict[str, str] = {}
        for kind in notification_kinds():
            if kind.essential:
                continue
            name = self.MAIL_PREFIX + kind.key.replace(".", "__")
            label: Any = kind.label
            self.fields[name] = forms.BooleanField(label=label, required=False)
            self.mail_kinds[name] = kind.key

    @classmethod
    def initial_for(cls, user: Any) -> dict[str, Any]:
        switched_off = set(user.notifications_off or [])
        initial: dict[str, Any] = {
            "display_name": user.display_name,
            "phone": user.phone,
            "preferred_language": user.preferred_language,
        }
        for kind in notification_kinds():
            if not kind.essential:
                initial[cls.MAIL_PREFIX + kind.key.replace(".", "__")] = (
                    kind.key not in switched_off
                )
        return initial

    def details(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.mail_kinds]

    def mail_choices(self) -> list[forms.BoundField]:
        return [self[name] for name in self.mail_kinds]

    def profile_data(self) -> dict[str, Any]:
        """What ``services.user_update_profile`` takes."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.mail_kinds}
        data["notifications_off"] = [
            key for name, key in self.mail_kinds.items() if not self.cleaned_data.get(name)
        ]
        return data
