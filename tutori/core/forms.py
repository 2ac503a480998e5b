"""Form pieces every app shares: text cleaning and the browser's date and time inputs."""

from __future__ import annotations

from typing import Any

from django import forms


def clean_text(value: str | None) -> str:
    """Typed text without NUL bytes (PostgreSQL refuses them) and surrounding space."""
    return (value or "").replace("\x00", "").strip()


class DateInput(forms.DateInput):
    """``<input type="date">``: the value must be ISO (YYYY-MM-DD) whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")
