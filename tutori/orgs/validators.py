"""Validators for Finnish organisation identifiers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.fi import ytunnus


def business_id_is_valid(value: str) -> bool:
    """Y-tunnus: seven digits, a hyphen and a check digit (python-stdnum checks the digit).

    Only the written form ``1234567-8`` is accepted: stdnum also takes ``12345678``,
    ``FI12345678`` and surrounding spaces, which would be stored as typed.
    """
    return bool(value) and ytunnus.is_valid(value) and ytunnus.format(value) == value


def validate_business_id(value: str) -> None:
    if not business_id_is_valid(value):
        raise ValidationError(
            _("Y-tunnus on muotoa 1234567-8 ja sen tarkistusmerkin on täsmättävä."),
            code="invalid_business_id",
        )
