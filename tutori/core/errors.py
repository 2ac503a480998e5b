"""The one family of domain errors: views turn them into a message, never a 500."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A rule of the domain refused an action; ``message`` is shown to the user."""

    def __init__(self, message: Any, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class PermissionDeniedError(ApplicationError):
    """The user may not do this."""
