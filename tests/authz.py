"""Building blocks of the authorization matrix (tests/test_authorization_matrix.py).

Each app lists its URLs' rows in its own modules (tests/<app>/authz*.py) as ``ROWS``;
``collected_rows`` finds them by name, so no test imports another app's rows, and the matrix
test fails for any URL pattern without a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from tests.conftest import World
from tutori.orgs.models import Membership, RosterImport

ROLES = [
    "anonymous",
    "nobody",
    "member",
    "tutor",
    "coach",
    "manager",
    "coordinator",
    "outsider",
    "admin",
]
LOGGED_IN = [r for r in ROLES if r != "anonymous"]


@dataclass
class Row:
    """Expected GET status per role; ``default`` for roles not listed."""

    default: int
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    expect: dict[str, int] = field(default_factory=dict)

    def status_for(self, role: str) -> int:
        return self.expect.get(role, self.default)


def membership_of_member(w: World) -> dict[str, Any]:
    return {"pk": Membership._default_manager.get(user=w.member, organisation=w.school_a).pk}


def roster_import_of_coordinator(w: World) -> dict[str, Any]:
    preview = RosterImport.objects.create(
        created_by=w.coordinator, filename="lista.csv", rows=[], summary={"total": 0}
    )
    return {"pk": preview.pk}


LOGIN_REQUIRED = {"anonymous": 302}
# Koulu A: who reaches it at all
SCHOOL_A_REACH = {"anonymous": 302, "nobody": 404, "outsider": 404}


def collected_rows() -> dict[str, Row]:
    """Every ``ROWS`` of tests/<app>/authz*.py; a URL name listed twice is an error."""
    rows: dict[str, Row] = {}
    root = Path(__file__).parent
    for path in sorted(root.glob("*/authz*.py")):
        module = import_module(".".join(path.relative_to(root.parent).with_suffix("").parts))
        for name, row in module.ROWS.items():
            assert name not in rows, f"{name} has two rows"
            rows[name] = row
    return rows
