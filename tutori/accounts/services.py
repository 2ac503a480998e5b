"""Writes on a person's own account."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from tutori.accounts import throttle
from tutori.accounts.models import User, email_normalise
from tutori.core.errors import ApplicationError
from tutori.core.mail import mail_decoy, mail_send

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
    *,
    user: User,
    display_name: str,
    phone: str,
    preferred_language: str,
    notifications_off: list[str] | None = None,
) -> User:
    """Save the own profile; ``notifications_off``, when given, are the kinds of mail the
    person no longer gets (essential kinds are sent whatever it says)."""
    user.display_name = display_name
    user.phone = phone
    user.preferred_language = preferred_language
    fields = ["display_name", "phone", "preferred_language"]
    if notifications_off is not None:
        user.notifications_off = sorted(set(notifications_off))
        fields.append("notifications_off")
    user.full_clean(exclude=["password"])
    user.save(update_fields=fields)
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


@transaction.atomic
def password_reset_request(*, request: HttpRequest, email: str) -> None:
    """Mail a link to set a new password to the account with this address, when the account
    may log in and its address has had at most three links this hour (settings
    ``THROTTLE_RESET_MAILS``); otherwise send nothing, silently.

    The answer must not tell whether an address has an account, not even by how long it takes,
    so both ways do the same work: count the address, look it up, make a token, render the
    mail, and queue one task: the mail, or a decoy that sends nothing.
    """
    address = email_normalise(email)
    within_limit = throttle.reset_mail_allowed(request, address)
    user = User.objects.filter(email=address).first()
    sends = user is not None and user.can_log_in and within_limit
    # An unsaved stand-in when nothing is sent: its token opens nothing.
    recipient = user if user is not None and sends else User(pk=0, display_name="")
    language = recipient.preferred_language if sends else translation.get_language()
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "protocol": "https" if request.is_secure() else "http",
            "domain": request.get_host(),
            "uid": urlsafe_base64_encode(force_bytes(recipient.pk)),
            "token": default_token_generator.make_token(recipient),
        }
        subject = "".join(
            render_to_string("accounts/email/password_reset_subject.txt", context).splitlines()
        )
        body = render_to_string("accounts/email/password_reset.txt", context)
    if sends:
        mail_send(to=[address], subject=subject, body=body)
    else:
        mail_decoy(subject=subject, body=body)
