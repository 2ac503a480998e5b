"""Database helpers shared by all apps."""

from __future__ import annotations

from django.db import connection


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"
