"""GET rows of core's public pages: the statements the law asks for and the icon."""

from __future__ import annotations

from tests.authz import Row

ROWS = {
    # Public: anyone, signed in or not, reads them.
    "core:accessibility": Row(200),
    "core:privacy": Row(200),
    # A redirect to the static SVG icon, for everyone.
    "core:favicon": Row(302),
}
