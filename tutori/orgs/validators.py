"""Validators for Finnish organisation identifiers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_BUSINESS_ID = re.compile(r"^(\d{7})-(\d)$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def business_id_is_valid(value: str) -> bool:
    """Y-tunnus: seven digits, a hyphen and a modulo-11 check digit."""
    match = _BUSINESS_ID.match(value or "")
    if not match:
        return False
    digits, check = match.group(1), int(match.group(2))
    remainder = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return False
    expected = 0 if remainder == 0 else 11 - remainder
    return check == expected


def validate_business_id(value: str) -> None:
    if not business_id_is_valid(value):
        raise ValidationError(
            _("Y-tunnus on muotoa 1234567-8 ja sen tarkistusmerkin on täsmättävä."),
            code="invalid_business_id",
        )
