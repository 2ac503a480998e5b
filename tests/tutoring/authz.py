"""Authorization-matrix rows of the tutoring URLs, one module per side of the app."""

from __future__ import annotations

from importlib import import_module

from tests.authz import Row

ROWS: dict[str, Row] = {}
for _side in ("authz_member", "authz_tutor", "authz_curation", "authz_oversight"):
    try:
        _module = import_module(f"tests.tutoring.{_side}")
    except ModuleNotFoundError as error:  # a side not built yet: its URLs fail the matrix
        if error.name != f"tests.tutoring.{_side}":
            raise
        continue
    ROWS.update(_module.ROWS)
