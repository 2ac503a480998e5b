"""The `tutori` console command: manage.py with a few friendlier subcommands.

tutori demo                 migrate, load demo data, print logins, serve on :8000
tutori serve                serve with gunicorn (as deployed)
tutori import-roster FILE   check (and with --apply, import) a roster file
tutori <anything else>      passed to Django's manage.py
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "import-roster": "import_roster",
    "demo-data": "demo_data",
}


def _serve(args: list[str]) -> None:
    bind = os.environ.get("TUTORI_BIND", "127.0.0.1:8000")
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    os.execvp(  # noqa: S606 - replace this process with gunicorn, as deployed
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tutori.wsgi:application",
            "--bind",
            bind,
            "--workers",
            workers,
            "--access-logfile",
            "-",
            *args,
        ],
    )


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutori.settings")
    command = argv[0] if argv else "help"
    if command == "serve":
        _serve(argv[1:])
        return
    from django.core.management import execute_from_command_line

    if command == "demo":
        os.environ.setdefault("HTTPS", "false")
        execute_from_command_line(["tutori", "compile_translations", "-v", "0"])
        execute_from_command_line(["tutori", "migrate", "--no-input", "-v", "0"])
        execute_from_command_line(["tutori", "collectstatic", "--no-input", "-v", "0"])
        execute_from_command_line(["tutori", "demo_data"])
        _serve(argv[1:])
        return
    argv[0:1] = [ALIASES.get(command, command)] if argv else ["help"]
    execute_from_command_line(["tutori", *argv])


if __name__ == "__main__":
    main()
