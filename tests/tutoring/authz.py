"""Authorization-matrix rows of the tutoring URLs (merged in tests/test_authorization_matrix.py)."""

from __future__ import annotations

from tests.authz import Row

ROWS: dict[str, Row] = {}
