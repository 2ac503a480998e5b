"""The `tutori` console command: manage.py with a few friendlier subcommands.

tutori demo                 migrate, load demo data, print logins and the address, serve on
                            TUTORI_BIND (127.0.0.1:8000) with one task worker beside gunicorn
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


DEFAULT_BIND = "127.0.0.1:8000"
# Addresses that mean "every interface of this machine": a browser here opens 127.0.0.1.
EVERY_INTERFACE = {"0.0.0.0", "::", "[::]", ""}  # noqa: S104  (recognised, not bound)


def bind_address() -> str:
    """Where gunicorn listens: TUTORI_BIND, as gunicorn's --bind reads it."""
    return os.environ.get("TUTORI_BIND", "").strip() or DEFAULT_BIND


def browser_url(bind: str) -> str | None:
    """The address a browser on this machine opens for ``bind``, None for a unix socket."""
    if bind.startswith(("unix:", "fd://")):
        return None
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit():  # "HOST" alone: gunicorn's port 8000
        host, port = bind, "8000"
    if host in EVERY_INTERFACE:
        host = "127.0.0.1"
    return f"http://{host}:{port}/"


def serving_lines(bind: str) -> list[str]:
    """What `tutori demo` says about the address it serves on."""
    url = browser_url(bind)
    if url is None:
        return [f"Tutori serves on {bind} (TUTORI_BIND)."]
    host = bind.rpartition(":")[0] if ":" in bind else bind
    if host in EVERY_INTERFACE:
        return [
            f"Tutori serves on {bind} (TUTORI_BIND), every address of this machine.",
            f"Open {url} in a browser here; from another machine, open this machine's name or",
            "address with the same port and add that name to ALLOWED_HOSTS.",
        ]
    return [f"Tutori serves on {bind} (TUTORI_BIND): open {url} in a browser."]


def _gunicorn(args: list[str]) -> list[str]:
    bind = bind_address()
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
        # Links in the demo's mails lead to where it really serves.
        if url := browser_url(bind_address()):
            os.environ.setdefault("TUTORI_SITE_URL", url.rstrip("/"))
        execute_from_command_line(["tutori", "compile_translations", "-v", "0"])
        execute_from_command_line(["tutori", "migrate", "--no-input", "-v", "0"])
        execute_from_command_line(["tutori", "collectstatic", "--no-input", "-v", "0"])
        execute_from_command_line(["tutori", "demo_data"])
        print("\n".join(["", *serving_lines(bind_address()), ""]), flush=True)
        _serve_with_worker(argv[1:])
        return
    argv[0:1] = [ALIASES.get(command, command)] if argv else ["help"]
    execute_from_command_line(["tutori", *argv])


if __name__ == "__main__":
    main()
