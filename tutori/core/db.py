"""Database helpers shared by all apps, and the SQLite files kept private to their owner."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


# SQLite creates the database, its WAL and shared-memory files with the process's umask
# (0644 as a rule): every local account could read everyone's personal data. SQLite gives a
# new -wal/-shm/-journal the mode of the database file, so making that private once keeps
# them private too.
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def make_private(path: Path) -> None:
    """Take away the group's and others' access to ``path`` (a missing file is left alone;
    a shared sticky directory such as /tmp is never touched)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if mode & 0o077 and not (path.is_dir() and mode & stat.S_ISVTX):
        path.chmod(mode & 0o700)


def sqlite_files_private(name: str) -> None:
    """The database file ``name`` and its companions: owner only; TUTORI_VAR_DIR as well."""
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for suffix in SQLITE_COMPANIONS:
        make_private(Path(f"{name}{suffix}"))
    make_private(Path(settings.VAR_DIR))


@receiver(connection_created, dispatch_uid="tutori.core.db.sqlite_private")
def _sqlite_private(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        sqlite_files_private(str(connection.settings_dict["NAME"]))
