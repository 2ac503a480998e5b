"""The supervision notes shown on a path's page (part C fills this in)."""

from typing import Any

from tutori.accounts.models import User
from tutori.paths.models import PersonPath


def notes_context(*, user: User, path: PersonPath) -> dict[str, Any]:
    """The context of paths/partials/_path_notes.html for ``user`` looking at ``path``."""
    return {}
