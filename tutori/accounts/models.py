"""A person in Tutori. Most people log in with e-mail and password; some never log in."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tutori.core.scoping import ScopedModel, rule_for, visibility


def email_normalise(address: str | None) -> str:
    """The one form of an e-mail address that Tutori stores, looks up and counts by: no
    surrounding spaces, lower case. Two addresses that differ only in case are one person, at
    login, in the lockout, in a password reset, an invitation and a roster import. Stored
    addresses are always in this form, so a lookup is an exact match on it (``iexact`` on
    SQLite folds ASCII letters only)."""
    return (address or "").strip().lower()


class UserQuerySet(models.QuerySet["User"]):
    def visible_to(self, user: Any, purpose: str = "view") -> UserQuerySet:
        """People the user may see (the rule is registered by tutori.access)."""
        return rule_for(User, purpose)(self, user)  # type: ignore[return-value]


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def visible_to(self, user: Any, purpose: str = "view") -> UserQuerySet:
        return self.get_queryset().visible_to(user, purpose)

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return email_normalise(email)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=email_normalise(username))

    def create_user(self, email: str | None, password: str | None = None, **extra: Any) -> User:
        email = self.normalize_email(email) or None
        user = self.model(email=email, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(
        self, email: str | None, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("display_name", "Admin")
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. ``email`` is the login; a person without e-mail or password cannot log in."""

    LANGUAGE_CHOICES = settings.LANGUAGES

    # Unique and always stored in lower case; NULL for people who never log in.
    email = models.EmailField(
        _("sähköposti"),
        max_length=254,
        null=True,
        blank=True,
        unique=True,
        error_messages={"unique": _("Tällä sähköpostiosoitteella on jo henkilö.")},
    )
    display_name = models.CharField(_("nimi"), max_length=150)
    phone = models.CharField(_("puhelin"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("kieli"), max_length=5, choices=LANGUAGE_CHOICES, default="fi"
    )
    # Keys of core.registry notification kinds this person has switched off.
    notifications_off = models.JSONField(_("pois kytketyt ilmoitukset"), default=list, blank=True)
    is_active = models.BooleanField(_("aktiivinen"), default=True)
    is_staff = models.BooleanField(_("ylläpidon käyttäjä"), default=False)
    date_joined = models.DateTimeField(_("luotu"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["display_name"]

    class Meta:
        verbose_name = _("henkilö")
        verbose_name_plural = _("henkilöt")
        ordering = ["display_name", "id"]

    def __str__(self) -> str:
        return self.display_name or (self.email or "")

    def clean(self) -> None:
        super().clean()
        self.email = email_normalise(self.email) or None
        self.display_name = (self.display_name or "").strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = email_normalise(self.email) or None
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name.split(" ")[0] if self.display_name else ""

    @property
    def can_log_in(self) -> bool:
        return bool(self.email) and self.has_usable_password() and self.is_active


class CalendarFeed(ScopedModel):
    """A person's secret iCalendar URL. Only the token's hash is kept; revoking ends it.
    The feed shows what every app declares as a calendar source (core.registry)."""

    scope_path = "user"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("kalenterisyöte")
        verbose_name_plural = _("kalenterisyötteet")

    def __str__(self) -> str:
        return f"{self.user}"


@visibility(CalendarFeed)
def _feeds_visible(qs: Any, user: Any) -> Any:
    """A calendar feed is its owner's alone, an administrator's included."""
    if user is None or not user.is_authenticated:
        return qs.none()
    return qs.filter(user=user)
