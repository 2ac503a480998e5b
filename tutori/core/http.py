"""The two answers views give for objects and rights: 404 for what the user may not see,
403 for what they see but may not do."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404

T = TypeVar("T")


def found_or_404(value: T | None) -> T:
    """``value`` from a scoped selector, or 404 when the user's scope did not reach it."""
    if value is None:
        raise Http404
    return value


def require(allowed: bool) -> None:
    """403 unless ``allowed`` (an answer from tutori.orgs.access)."""
    if not allowed:
        raise PermissionDenied
