"""Writes on a person's own account."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from tutori.accounts.models import User
from tutori.core.errors import ApplicationError

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    if language not in LANGUAGE_CODES:
        raise ApplicationError("unsupported language")
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user


@transaction.atomic
def user_update_profile(
    *, user: User, display_name: str, phone: str, preferred_language: str
) -> User:
    user.display_name = display_name
    user.phone = phone
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "phone", "preferred_language"])
    return user


@transaction.atomic
def user_anonymise(user: User) -> User:
    """Erase a person's identity: the record stays (others' bookings and reports point at
    it) but names no one and can never log in."""
    user.display_name = str(_("Poistettu henkilö"))
    user.email = None
    user.phone = ""
    user.is_active = False
    user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    return user
