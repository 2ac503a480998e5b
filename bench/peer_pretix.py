"""pretix as an optional peer in Tutori's benchmark (``bench/run.py --peer pretix``).

pretix (the most mature Django system that sells limited places) is installed from the
package index, pinned, into its own venv under ``<var>/peer-pretix/venv`` (created with the
benchmark's own Python; never into Tutori's .venv), configured by ``pretix.cfg`` beside it
with the same database kind as the run (a SQLite file there, or a PostgreSQL database
``pretix_bench`` on the run's server), migrated, and given an organizer, an event with one
free product and a quota of a million places, and a team with an API token (a small script
run with pretix's Python). No Redis and no celery: without a broker pretix runs its tasks
eagerly in the request, and without Redis it caches nothing. It then runs under gunicorn
(``pretix.wsgi``, the same worker count and worker class as Tutori's run) on a free port,
and is measured with Tutori's tools:

- reading availability: the quota's availability API, through wrk and bench/wrk.lua, with
  the same connections and duration as Tutori's pages (against the topic catalogue);
- booking one place then cancelling it, counted as one: the REST order creation with one
  position (a free product, so the order is paid at once and needs no payment provider),
  then ``mark_canceled``, by Python client threads as Tutori's booking writes (as many
  clients as Tutori's run had, 16 unless the scale has few schools; the same duration),
  every 5xx counted.

Whatever keeps pretix from being installed or started (no network, a build failure, a
server that does not answer) makes the peer "skipped" in one line; the run goes on.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

VERSION = "2026.8.0"
NAME = "pretix"
QUOTA_SIZE = 1_000_000

# Run with pretix's Python (DJANGO_SETTINGS_MODULE=pretix.settings): the objects the
# benchmark needs, made once and found again on later runs; one line of JSON names them.
SETUP = """
import json
from datetime import timedelta
from decimal import Decimal

import django

django.setup()
from django.utils.timezone import now
from django_scopes import scopes_disabled
from pretix.base.models import Event, Item, Organizer, Quota, Team

with scopes_disabled():
    organizer, _ = Organizer.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    event = Event.objects.filter(organizer=organizer, slug="bench").first()
    if event is None:
        event = Event.objects.create(
            organizer=organizer, slug="bench", name="Bench", currency="EUR", live=True,
            date_from=now() + timedelta(days=60),
        )
    item = event.items.filter(name__contains="Place").first() or Item.objects.create(
        event=event, name="Place", default_price=Decimal("0.00"), admission=True,
    )
    quota = event.quotas.first()
    if quota is None:
        quota = Quota.objects.create(event=event, name="Places", size=%(size)d)
        quota.items.add(item)
    team = organizer.teams.filter(name="bench").first() or Team.objects.create(
        organizer=organizer, name="bench", all_events=True,
        all_event_permissions=True, all_organizer_permissions=True,
    )
    token = team.tokens.filter(active=True).first() or team.tokens.create(name="bench")
    print("PEER_JSON " + json.dumps({
        "organizer": organizer.slug, "event": event.slug, "item": item.pk,
        "quota": quota.pk, "token": token.token,
    }))
"""


class Unavailable(Exception):
    """pretix could not be installed, configured or started."""


def log(message: str) -> None:
    print(f"bench: pretix: {message}", file=sys.stderr, flush=True)


def run(
    *,
    var: Path,
    db: str,
    workers: int,
    duration: float,
    concurrency: int,
    write_duration: float,
    clients: int,
    wrk: str,
    measure: Callable[..., dict[str, Any]],
) -> dict[str, Any]:
    """Install, configure and start pretix, measure it, stop it; skipped when unavailable."""
    home = var / "peer-pretix"
    try:
        home.mkdir(parents=True, exist_ok=True)
        python = install(home)
        env = configure(home, db, python)
        ids = setup(home, python, env)
        port = free_port()
        server = start(home, python, env, port, workers, ids)
    except (Unavailable, OSError, subprocess.SubprocessError) as e:
        reason = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
        log(f"skipped ({reason})")
        return {"name": NAME, "version": VERSION, "skipped": reason}
    base = f"http://127.0.0.1:{port}/api/v1/organizers/{ids['organizer']}/events/{ids['event']}"
    auth = {"Authorization": f"Token {ids['token']}"}
    try:
        url = f"{base}/quotas/{ids['quota']}/availability/"
        log(f"reading availability: {url}")
        reads = measure(wrk, url, "", duration, concurrency, headers=auth)
        log("booking one place and cancelling it")
        before = held(port, base, ids)
        writes = orders(port, base, ids, write_duration, clients)
        writes["places_left_held"] = held(port, base, ids) - before
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return {
        "name": NAME,
        "version": VERSION,
        "db": db,
        "workers": workers,
        "reads": {"scenario": "quota availability API", **reads},
        "writes": writes,
    }


def install(home: Path) -> Path:
    """pretix ``VERSION`` and Tutori's gunicorn, pinned, in ``home/venv``; its Python."""
    venv = home / "venv"
    python = venv / "bin" / "python"
    gunicorn = metadata.version("gunicorn")
    check = (
        "from importlib.metadata import version as v; "
        f"assert v('pretix') == {VERSION!r} and v('gunicorn') == {gunicorn!r}"
    )
    if (
        python.exists()
        and subprocess.run([python, "-c", check], capture_output=True).returncode == 0
    ):
        return python
    log(f"installing pretix {VERSION} into {venv} (a minute or more)")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    with (home / "install.log").open("w") as out:
        done = subprocess.run(
            [
                python,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--retries",
                "2",
                "--timeout",
                "30",
                f"pretix=={VERSION}",
                f"gunicorn=={gunicorn}",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=1800,
        )
    if done.returncode:
        raise Unavailable(f"pip install failed: {last_error(home / 'install.log')}")
    return python


def last_error(path: Path) -> str:
    """The last line of a log that says what went wrong, and where the whole log is."""
    lines = [x.strip() for x in path.read_text(errors="replace").splitlines() if x.strip()]
    errors = [x for x in lines if "error" in x.lower() and not x.startswith("WARNING")]
    return f"{(errors or lines or ['no output'])[-1]} (see {path})"


def configure(home: Path, db: str, python: Path) -> dict[str, str]:
    """``home/pretix.cfg`` for ``db``; migrated. The environment pretix runs with."""
    secret_file = home / "secret_key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(48))
        secret_file.chmod(0o600)
    lines = [
        "[pretix]",
        "instance_name=Tutori benchmark peer",
        "url=http://127.0.0.1",
        f"datadir={home / 'data'}",
        "loglevel=WARNING",
        "ecb_rates=off",
        "",
        "[django]",
        f"secret={secret_file.read_text().strip()}",
        "debug=off",
        "",
        "[database]",
        *database(home, db),
    ]
    config = home / "pretix.cfg"
    config.write_text("\n".join(lines) + "\n")
    config.chmod(0o600)  # it may hold the database's password
    (home / "data").mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PRETIX_CONFIG_FILE": str(config),
        "DJANGO_SETTINGS_MODULE": "pretix.settings",
    }
    for key in ("DATABASE_URL", "DEBUG", "LOG_LEVEL", "EMAIL_BACKEND", "PYTHONPATH"):
        env.pop(key, None)  # Tutori's, not pretix's
    log("migrating (several minutes the first time)")
    with (home / "migrate.log").open("w") as out:
        done = subprocess.run(
            [python, "-m", "pretix", "migrate", "--noinput"],
            cwd=home,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=3600,
        )
    if done.returncode:
        raise Unavailable(f"migrate failed: {last_error(home / 'migrate.log')}")
    return env


def database(home: Path, db: str) -> list[str]:
    """pretix.cfg's [database] lines: a SQLite file, or ``pretix_bench`` on the run's server."""
    if db == "sqlite":
        return ["backend=sqlite3", f"name={home / 'pretix.sqlite3'}"]
    base = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL") or ""
    if not base:
        raise Unavailable("no BENCH_POSTGRES_URL or TEST_POSTGRES_URL")
    import psycopg

    name = "pretix_bench"
    with psycopg.connect(base, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    url = urlsplit(base)
    return [
        "backend=postgresql",
        f"name={name}",
        f"user={unquote(url.username or '')}",
        f"password={unquote(url.password or '')}",
        f"host={url.hostname or ''}",
        f"port={url.port or ''}",
    ]


def setup(home: Path, python: Path, env: dict[str, str]) -> dict[str, Any]:
    """The organizer, event, product, quota and API token (made once)."""
    script = home / "setup_bench.py"
    script.write_text(SETUP % {"size": QUOTA_SIZE})
    done = subprocess.run(
        [python, str(script)], cwd=home, env=env, capture_output=True, text=True, timeout=600
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("PEER_JSON ")), "")
    if done.returncode or not line:
        raise Unavailable(f"setup failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
    ids: dict[str, Any] = json.loads(line.removeprefix("PEER_JSON "))
    return ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(
    home: Path, python: Path, env: dict[str, str], port: int, workers: int, ids: dict[str, Any]
) -> subprocess.Popen[bytes]:
    """gunicorn with ``workers`` sync workers, as Tutori's; ready when the API answers."""
    log(f"starting gunicorn with {workers} workers on port {port}")
    with (home / "server.log").open("wb") as out:
        server = subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "pretix.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=home,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    path = f"/api/v1/organizers/{ids['organizer']}/events/{ids['event']}/quotas/{ids['quota']}/"
    deadline = time.monotonic() + 180  # a loaded machine imports pretix slowly
    while time.monotonic() < deadline and server.poll() is None:
        status, _body = request(port, "GET", path, ids["token"])
        if status == 200:
            return server
        time.sleep(0.5)
    server.terminate()
    server.wait(timeout=30)
    raise Unavailable(f"gunicorn did not answer, see {home / 'server.log'}")


def request(
    port: int, method: str, path: str, token: str, payload: dict[str, Any] | None = None
) -> tuple[int, bytes]:
    """One request on a new connection, as Tutori's clients make; status 0 when it fails."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Token {token}"}
    body = None
    if payload is not None:
        body = json.dumps(payload)
        headers["Content-Type"] = "application/json"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""
    finally:
        conn.close()


def held(port: int, base: str, ids: dict[str, Any]) -> int:
    """Places the quota counts as sold (paid and pending orders), from its availability API."""
    path = urlsplit(f"{base}/quotas/{ids['quota']}/availability/").path
    status, body = request(port, "GET", path, ids["token"])
    if status != 200:
        return -1
    data = json.loads(body)
    return int(data["paid_orders"]) + int(data["pending_orders"])


def orders(
    port: int, base: str, ids: dict[str, Any], duration: float, clients: int
) -> dict[str, Any]:
    """``clients`` threads each order one place and cancel the order, as fast as they can."""
    path = urlsplit(base).path
    stats = {"booked": 0, "refused": 0, "errors": 0, "errors_5xx": 0, "cancelled": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def count(status: int, ok: int, key: str) -> bool:
        with lock:
            if status == ok:
                stats[key] += 1
                return True
            if 400 <= status < 500:
                stats["refused"] += 1
            else:
                stats["errors"] += 1
                stats["errors_5xx"] += status >= 500
            return False

    def client(n: int) -> None:
        while time.monotonic() < deadline:
            status, body = request(
                port,
                "POST",
                f"{path}/orders/",
                ids["token"],
                {
                    "email": f"bench{n}@example.org",
                    "locale": "en",
                    "sales_channel": "web",
                    "send_email": False,
                    "positions": [{"item": ids["item"]}],
                },
            )
            if not count(status, 201, "booked"):
                continue
            code = json.loads(body)["code"]
            status, _body = request(
                port,
                "POST",
                f"{path}/orders/{code}/mark_canceled/",
                ids["token"],
                {"send_email": False},
            )
            count(status, 200, "cancelled")

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return {
        **stats,
        "clients": clients,
        "seconds": round(elapsed, 1),
        "bookings_per_s": round(stats["booked"] / elapsed, 1) if elapsed else 0.0,
    }
