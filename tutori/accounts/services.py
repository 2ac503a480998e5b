"""Writes on a person's own account."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

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
