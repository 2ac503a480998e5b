"""Reads of the programme's participation (owned by the participation part)."""

from __future__ import annotations

from typing import Any


def detail_context(*, user: Any, programme: Any) -> dict[str, Any]:
    """What the programme's page shows of this part (its partial
    programmes/partials/_detail_participation.html); one constant number of queries."""
    return {}
