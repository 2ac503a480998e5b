"""The `tutori` console command: manage.py with a few friendlier subcommands.

tutori demo                 migrate, load demo data, print logins, serve on :8000 with one
                            task worker beside gunicorn
tutori serve                serve with gunicorn (as deployed)
tutori worker               run the background task queue (mail, periodic jobs' tasks)
tutori scheduler            enqueue the periodic jobs on time
tutori import-roster FILE   check (and with --apply, import) a roster file
tutori person-export EMAIL  one person's data in every app, as JSON
tutori person-erase EMAIL   erase one person as every app declares (asks first)
tutori <anything else>      passed to Django's manage.py
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

ALIASES = {
    "import-roster": "import_roster",
    "demo-data": "demo_data",
    "person-export": "person_export",
    "person-erase": "person_erase",
}


def _gunicorn(args: list[str]) -> list[str]:
    bind = os.environ.get("TUTORI_BIND", "127.0.0.1:8000")
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    return [
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
        # Masks the secret in feed, password-reset and invitation URLs in every log line.
        "--logger-class",
        "tutori.core.logs.GunicornLogger",
        *args,
    ]


def _serve(args: list[str]) -> None:
    # Replace this process with gunicorn, as deployed.
    os.execvp(sys.executable, _gunicorn(args))  # noqa: S606


def _serve_with_worker(args: list[str]) -> None:
    """Gunicorn and one task worker; when gunicorn stops (Ctrl-C), the worker stops too."""
    # The worker has its own process group, so Ctrl-C reaches only gunicorn and this process;
    # the worker then gets one SIGTERM from here and finishes the task it is running.
    worker = subprocess.Popen([sys.executable, "-m", "tutori.cli", "worker"], process_group=0)
    server = subprocess.Popen(_gunicorn(args))  # noqa: S603

    def stop_server(signum: int, _frame: object) -> None:
        server.send_signal(signum)

    # `kill` or a supervisor reaches only this process: pass it on to gunicorn.
    signal.signal(signal.SIGTERM, stop_server)
    code = None
    try:
        while code is None:
            try:
                code = server.wait()
            except KeyboardInterrupt:
                server.send_signal(signal.SIGINT)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    sys.exit(code)


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
        # The demo's mail is read from the console (its check would refuse that elsewhere).
        os.environ.setdefault("TUTORI_DEMO", "1")
        execute_from_command_line(["tutori", "compile_translations", "-v", "0"])
        execute_from_command_line(["tutori", "migrate", "--no-input", "-v", "0"])
        execute_from_command_line(["tutori", "collectstatic", "--no-input", "-v", "0"])
        execute_from_command_line(["tutori", "demo_data"])
        _serve_with_worker(argv[1:])
        return
    argv[0:1] = [ALIASES.get(command, command)] if argv else ["help"]
    execute_from_command_line(["tutori", *argv])


if __name__ == "__main__":
    main()
