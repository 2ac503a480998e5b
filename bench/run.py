"""Tutori's benchmark: the real server (gunicorn, as deployed) against a generated database.

    .venv/bin/python bench/run.py [--scale small|municipal|national] [--db sqlite|postgres]
                                  [--duration S] [--concurrency C] [--smoke]
                                  [--peer pretix] [--no-save]

It generates the database once (``tutori generate``), starts gunicorn on 127.0.0.1, logs in
the benchmark users, warms up, and measures every scenario of bench/scenarios.py with
``wrk`` (Debian's package, installed when missing; one thread, bench/wrk.lua checks every
status and reports the percentiles): requests/s, p50, p95, p99, errors and the ratio of
each p95 to the framework floor's p95 measured in the same run (the floor's own figure is
reported with it). A light generator matters: hey with ``-o csv`` took one of the two
cores, so the floor read ~625 req/s where wrk gets ~4,700, and every ratio was flattered.
Then it measures booking writes (16 clients booking and cancelling), programme writes
(people applying to a programme of a few places, a coordinator accepting or waitlisting
them, and cancellations moving the waiting list up), survey answers (respondents submitting
through their personal links, bench/survey_writes.py), workshop votes (participants casting
votes up to their limit, one refused, and taking them back, bench/workshop_writes.py), the
tutoring-hours report against the plain SQL aggregate it needs, and the workers' memory.
Results go to bench/results/<date>-<db>-<scale>.json and a Markdown table; the scaling ratio
p95(this scale) / p95(small) is given when a small run of the same database exists.
With ``--peer pretix`` (``make bench PEER=pretix``) it then installs pretix into its own
venv and measures its availability API and order creation with cancelling the same way,
with the same worker count (bench/peer_pretix.py); skipped when pretix is unavailable.
No assertion is made: the benchmark reports, people judge.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VAR = Path(os.environ.get("TUTORI_VAR_DIR") or ROOT / "var")  # as tutori/settings.py
BIN = Path(sys.executable).parent
CSRF = "b" * 32  # an unmasked CSRF secret, sent as cookie and header alike
PROGRAMME_CAPACITY_SMOKE = 1  # two applicants race for one place: the waiting list moves
HOLD_SECONDS = 0.05  # an enrolled person's place is held this long before they cancel
REFUSED = (200, 400)  # a refused form is shown again (400 once it says so, 200 before)
TARGETS = {"p95_vs_floor": 5.0, "scaling": 1.5, "bookings_per_s": 200, "report_vs_sql": 2.0}


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("installing wrk from Debian's packages")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
    return shutil.which("wrk") or "/usr/bin/wrk"


def database_url(db: str, scale: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{VAR / f'bench-{scale}.sqlite3'}"
    base = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL")
    if not base:
        sys.exit("bench: set BENCH_POSTGRES_URL=postgres://user:pass@127.0.0.1:5432/db")
    head, _name = base.rsplit("/", 1)
    name = f"tutori_bench_{scale}"
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{head}/{name}"


def tutori(*args: str) -> None:
    subprocess.run([str(BIN / "tutori"), *args], check=True, cwd=ROOT)


def prepare(scale: str) -> None:
    tutori("migrate", "--no-input", "-v", "0")
    import django

    django.setup()
    from tutori.core.scoping import scopes_disabled
    from tutori.orgs.models import Organisation

    with scopes_disabled():
        generated = Organisation.objects.exists()
    if not generated:
        tutori("generate", "--scale", scale)
    tutori("collectstatic", "--no-input", "-v", "0")


def session_for(email: str) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from tutori.accounts.models import User

    user = User.objects.get(email=email)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["tutori_login_at"] = time.time() + 3600  # a fresh login for the whole run
    session.save()
    return str(session.session_key)


def cookie(session: str | None) -> str:
    parts = [f"csrftoken={CSRF}", "django_language=fi"]
    if session:
        parts.insert(0, f"sessionid={session}")
    return "; ".join(parts)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tutori.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    sys.exit("bench: gunicorn did not start")


class MemorySampler(threading.Thread):
    """The largest RSS of any gunicorn worker while the run lasts."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master = master
        self.peak_kb = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.5):
            for pid in self._workers():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmRSS:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))

    def _workers(self) -> list[int]:
        children = Path(f"/proc/{self.master}/task/{self.master}/children")
        try:
            return [int(p) for p in children.read_text().split()]
        except OSError:
            return []


def measure(
    wrk: str,
    url: str,
    cookies: str,
    duration: float,
    concurrency: int,
    *,
    body: str = "",
    expect: int = 200,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """``concurrency`` connections on one wrk thread for ``duration`` seconds.

    ``headers`` are sent besides the cookies (an API token for the peer).

    wrk (C, one event loop) costs a small part of a core where hey's per-request CSV took
    one of the two; bench/wrk.lua checks every status and reports the percentiles.
    """
    import http.client
    from urllib.parse import urlsplit

    where = urlsplit(url)
    sent = {**({"Cookie": cookies} if cookies else {}), **(headers or {})}
    for _ in range(20):  # warm-up: the workers' first requests import and compile
        conn = http.client.HTTPConnection(where.netloc, timeout=30)
        conn.request("GET", f"{where.path}?{where.query}", headers=sent)
        conn.getresponse().read()
        conn.close()
    env = {**os.environ, "BENCH_BODY": body, "BENCH_EXPECT": str(expect)}
    options = [x for key, value in sent.items() for x in ("-H", f"{key}: {value}")]
    if body:
        options += ["-H", f"X-CSRFToken: {CSRF}"]
        options += ["-H", "Content-Type: application/x-www-form-urlencoded"]
    out = subprocess.run(
        [
            wrk,
            "--threads",
            "1",
            "--connections",
            str(concurrency),
            "--duration",
            f"{max(1, round(duration))}s",
            "--timeout",
            "30s",
            "--script",
            str(ROOT / "bench" / "wrk.lua"),
            *options,
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    r = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = r["duration_us"] / 1e6
    return {
        "requests": r["requests"],
        "rps": round(r["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(r["p50_us"] / 1000, 2),
        "p95_ms": round(r["p95_us"] / 1000, 2),
        "p99_ms": round(r["p99_us"] / 1000, 2),
        "errors": r["unexpected_status"] + r["socket_errors"] + r["timeouts"],
    }


def post_form(port: int, path: str, body: str, session: str | None) -> tuple[int, str]:
    """POST a form as the signed-in person of ``session``: the status and the redirect."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Cookie": cookie(session),
                "X-CSRFToken": CSRF,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    except OSError:
        return 0, ""
    finally:
        conn.close()


def post_read(
    port: int, path: str, body: str, session: str | None, headers: dict[str, str]
) -> tuple[int, str]:
    """POST as ``post_form`` does, with more ``headers`` (htmx's), and read the answer: the
    status and the page (or fragment) it sent."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Cookie": cookie(session),
                "X-CSRFToken": CSRF,
                "Content-Type": "application/x-www-form-urlencoded",
                **headers,
            },
        )
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""
    finally:
        conn.close()


def booking_writes(port: int, duration: float, clients: int) -> dict[str, Any]:
    """``clients`` people each book a free time and cancel it again, as fast as they can."""
    from datetime import timedelta

    from django.db import connection
    from django.db.models import F, Sum
    from django.utils import timezone

    from tutori.accounts.models import User
    from tutori.orgs.models import Membership, Role
    from tutori.tutoring.models import Booking, Slot

    # Two people in each of the schools with the most free places in the next weeks, each
    # booking among their own school's times that they have not booked already: a refusal
    # (a full time, one's own earlier booking) renders a whole page and is not what is
    # measured, while two people per school still race for the same seats.
    now = timezone.now()
    window = Slot.objects.filter(
        starts_at__gt=now + timedelta(days=1),
        starts_at__lt=now + timedelta(weeks=7),
        booked__lt=F("capacity"),
        status=Slot.Status.OPEN,
        requires_approval=False,
    )
    schools = list(
        window.values("organisation_id")
        .annotate(free=Sum(F("capacity") - F("booked")))
        .order_by("-free", "organisation_id")
        .values_list("organisation_id", flat=True)[: max(clients // 2, 1)]
    )
    plan: list[tuple[int, list[int]]] = []
    for school in schools:
        members = Membership.objects.filter(organisation_id=school, role=Role.MEMBER)
        for person in members.values_list("user_id", flat=True).order_by("user_id")[:2]:
            held = Booking.objects.filter(person_id=person, status__in=Booking.ACTIVE)
            own = window.filter(organisation_id=school).exclude(pk__in=held.values("slot_id"))
            mine = list(own.values_list("pk", flat=True))
            if mine:
                plan.append((person, mine))
    plan = plan[:clients]
    people = [person for person, _mine in plan]
    slots = sorted({pk for _person, mine in plan for pk in mine})
    emails = dict(User.objects.filter(pk__in=people).values_list("pk", "email"))
    sessions = {person: session_for(str(emails[person])) for person in people}
    stats = {"booked": 0, "refused": 0, "errors": 0, "cancelled": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def post(path: str, body: str, session: str) -> tuple[int, str]:
        return post_form(port, path, body, session)

    from django_scopes import scopes_disabled

    @scopes_disabled()  # a thread starts without the main thread's context
    def client(person: int, mine: list[int]) -> None:
        n = 0
        while time.monotonic() < deadline:
            slot = mine[n % len(mine)]
            n += 1
            status, location = post(f"/tutoring/slots/{slot}/", "need=bench", sessions[person])
            with lock:
                if status == 302:
                    stats["booked"] += 1
                elif status in (400, 409):
                    stats["refused"] += 1
                else:
                    stats["errors"] += 1
            if status != 302:
                continue
            # The redirect names the booking made (…/my/?made=<id>).
            booking = location.rpartition("made=")[2]
            if not booking.isdigit():
                with lock:
                    stats["errors"] += 1
                continue
            status, _location = post(
                f"/tutoring/bookings/{booking}/cancel/", "reason=bench", sessions[person]
            )
            with lock:
                if status == 302:
                    stats["cancelled"] += 1
                else:
                    stats["errors"] += 1
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(p, mine)) for p, mine in plan]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    over = Slot.objects.filter(booked__gt=F("capacity")).count()
    mismatched = 0
    for slot_id, booked in Slot.objects.filter(pk__in=slots).values_list("pk", "booked"):
        confirmed = Booking.objects.filter(slot_id=slot_id, status=Booking.Status.CONFIRMED).count()
        mismatched += confirmed != booked
    return {
        **stats,
        "clients": len(people),
        "seconds": round(elapsed, 1),
        "bookings_per_s": round(stats["booked"] / elapsed, 1) if elapsed else 0.0,
        "slots_over_capacity": over,
        "slots_with_counter_mismatch": mismatched,
    }


def programme_writes(port: int, duration: float, clients: int, capacity: int) -> dict[str, Any]:
    """``clients`` people apply to a programme of ``capacity`` places, a coordinator decides
    (accepts; when the database says the programme is full, puts on the waiting list), and
    each person cancels once decided (an enrolled one after holding the place a moment): a
    freed place moves the first one waiting up, who then cancels too, and everyone applies
    again, until the time is up. One coordinator decides one application at a time, so the
    rate is bounded by their decisions. Afterwards the database must agree: the programme's
    counter within its capacity and equal to its holding participants (a mismatch counts as
    an error)."""
    import queue

    from django.db import connection
    from django.db.models import F

    from bench.scenarios import programme_writers
    from tutori.programmes.models import Participant, Programme

    found = programme_writers(clients, capacity)
    programme = found["programme"]
    people: list[str] = found["people"]
    sessions = {email: session_for(email) for email in people}
    coordinator = session_for(found["coordinator"])
    apply_body = "motivation=bench" + "".join(
        f"&answer_{n}=bench" for n in range(found["criteria"])
    )
    stats = {
        "applied": 0,
        "accepted": 0,
        "waitlisted": 0,
        "promoted": 0,
        "cancelled": 0,
        "full": 0,  # an accept the database refused as full (then waitlisted)
        "refused": 0,
        "errors": 0,
    }
    lock = threading.Lock()
    deadline = time.monotonic() + duration
    # Applications waiting for the coordinator: (participant, what was decided, decided).
    pending: queue.Queue[tuple[int, list[str], threading.Event]] = queue.Queue()

    def count(key: str) -> None:
        with lock:
            stats[key] += 1

    def status_of(participant: int) -> str | None:
        return Participant.objects.filter(pk=participant).values_list("status", flat=True).first()

    from django_scopes import scopes_disabled

    @scopes_disabled()  # a thread starts without the main thread's context
    def applicant(email: str) -> None:
        session = sessions[email]
        participant: int | None = None
        while time.monotonic() < deadline:
            status, _location = post_form(
                port, f"/programmes/{programme}/apply/", apply_body, session
            )
            if status != 302:
                count("refused" if status in REFUSED else "errors")
                time.sleep(0.05)  # a refusal is a page; don't spin on it
                continue
            count("applied")
            if participant is None:  # one row per person per programme, kept on reapplying
                participant = (
                    Participant.objects.filter(programme_id=programme, person__email=email)
                    .values_list("pk", flat=True)
                    .first()
                )
                if participant is None:
                    count("errors")
                    break
            decision: list[str] = []
            decided = threading.Event()
            pending.put((participant, decision, decided))
            while not decided.wait(0.1):
                if time.monotonic() >= deadline:
                    break
            if not decision or decision[0] == "error":
                continue
            if decision[0] == Participant.Status.ENROLLED:
                time.sleep(HOLD_SECONDS)  # a place is held a moment before it is given up
            else:
                # Waiting for a place: someone's cancelling moves the first one waiting up.
                while time.monotonic() < deadline:
                    if status_of(participant) == Participant.Status.ENROLLED:
                        count("promoted")
                        break
                    time.sleep(0.05)
            if time.monotonic() >= deadline:
                break
            status, _location = post_form(
                port, f"/programmes/participants/{participant}/cancel/", "reason=bench", session
            )
            count("cancelled" if status == 302 else "errors")
        connection.close()

    def decide(participant: int, decision: str) -> int:
        status, _location = post_form(
            port,
            f"/programmes/applications/{participant}/",
            f"decision={decision}&message=",
            coordinator,
        )
        return status

    def coordinating() -> None:
        while time.monotonic() < deadline:
            try:
                participant, decision, decided = pending.get(timeout=0.1)
            except queue.Empty:
                continue
            status = decide(participant, "accept")
            if status == 302:
                count("accepted")
                decision.append(Participant.Status.ENROLLED)
            elif status in REFUSED:  # refused: the programme is full
                count("full")
                status = decide(participant, "waitlist")
                if status == 302:
                    count("waitlisted")
                    decision.append(Participant.Status.WAITLISTED)
                else:
                    count("errors")
                    decision.append("error")
            else:
                count("errors")
                decision.append("error")
            decided.set()

    started = time.monotonic()
    threads = [threading.Thread(target=applicant, args=(email,)) for email in people]
    threads.append(threading.Thread(target=coordinating))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    enrolled, places = Programme.objects.filter(pk=programme).values_list("enrolled", "capacity")[0]
    holding = Participant.objects.filter(
        programme_id=programme, status__in=Participant.HOLDING
    ).count()
    over = Programme.objects.filter(enrolled__gt=F("capacity")).count()
    mismatch = int(enrolled != holding)
    operations = sum(stats[k] for k in ("applied", "accepted", "waitlisted", "cancelled"))
    return {
        **stats,
        "errors": stats["errors"] + over + mismatch,
        "clients": len(people),
        "capacity": places,
        "seconds": round(elapsed, 1),
        "operations": operations,
        "operations_per_s": round(operations / elapsed, 1) if elapsed else 0.0,
        "enrolled_after": enrolled,
        "holding_after": holding,
        "programmes_over_capacity": over,
        "counter_mismatch": mismatch,
    }


def report_against_sql(repeat: int) -> dict[str, Any]:
    """The tutoring-hours report (its selector, by month) against the bare SQL aggregate."""
    from django.db import connection

    from tutori.access.engine import reach
    from tutori.accounts.models import User
    from tutori.tutoring.selectors.report import hours_report

    coordinator = User.objects.get(email="coordinator@bench.tutori.fi")
    # The municipality: the coordinator's own membership (bench/report_vs_sql.py times more).
    (path,) = {path for _role, path in reach(coordinator).direct.values()}
    month = (
        "substr(s.date, 1, 7)" if connection.vendor == "sqlite" else "to_char(s.date, 'YYYY-MM')"
    )
    sql = (
        f"SELECT {month} AS m, SUM(s.duration_minutes), SUM(s.participant_count) "
        "FROM tutoring_tutoringsession s WHERE s.organisation_id IN "
        "(SELECT id FROM orgs_organisation WHERE path LIKE %s) GROUP BY m ORDER BY m"
    )

    def timed(run: Any) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    def plain() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [path + "%"])
            cursor.fetchall()

    def report() -> None:
        from tutori.core.scoping import forget

        forget(coordinator)
        hours_report(user=coordinator, group="month")

    plain()
    report()
    sql_ms, report_ms = timed(plain), timed(report)
    return {
        "sql_ms": round(sql_ms, 2),
        "report_ms": round(report_ms, 2),
        "ratio": round(report_ms / sql_ms, 2) if sql_ms else None,
    }


def counts() -> dict[str, int]:
    from tutori.accounts.models import User
    from tutori.orgs.models import Organisation
    from tutori.tutoring.models import Booking, Slot, TutoringSession

    return {
        "organisations": Organisation.objects.count(),
        "people": User.objects.count(),
        "slots": Slot.objects.count(),
        "bookings": Booking.objects.count(),
        "sessions": TutoringSession.objects.count(),
    }


PEER_READS = "topic catalogue with a search"  # Tutori's page against the peer's availability


def compared(peer: dict[str, Any], pages: dict[str, Any], writes: dict[str, Any]) -> dict[str, Any]:
    """The peer's figures with Tutori's beside them and the ratios Tutori / peer."""
    if "skipped" in peer:
        return peer

    def ratio(ours: float, theirs: float) -> float | None:
        return round(ours / theirs, 2) if theirs else None

    reads = pages.get(PEER_READS, {"rps": 0.0, "p95_ms": None, "errors": None})
    return {
        **peer,
        "tutori": {
            "reads": {"scenario": PEER_READS, **{k: reads[k] for k in ("rps", "p95_ms", "errors")}},
            "writes": {k: writes[k] for k in ("bookings_per_s", "errors", "clients")},
        },
        "ratio_tutori_to_peer": {
            "reads_rps": ratio(reads["rps"], peer["reads"]["rps"]),
            "bookings_per_s": ratio(writes["bookings_per_s"], peer["writes"]["bookings_per_s"]),
        },
    }


def peer_lines(peer: dict[str, Any] | None) -> list[str]:
    """The markdown's peer section: pretix's rates beside Tutori's, same workers and tools."""
    if peer is None:
        return []
    if "skipped" in peer:
        return ["", f"Peer: {peer['name']} {peer['version']} skipped ({peer['skipped']})."]
    r, w, t = peer["reads"], peer["writes"], peer["tutori"]
    tr, tw = t["reads"], t["writes"]
    ratios = peer["ratio_tutori_to_peer"]
    return [
        "",
        f"Peer: {peer['name']} {peer['version']} on {peer['db']}, gunicorn {peer['workers']} "
        "workers, measured with the same tools after Tutori's server stopped.",
        "",
        "| | Tutori | pretix | Tutori / pretix |",
        "|---|---|---|---:|",
        f"| reading availability | {tr['scenario']}: **{tr['rps']} req/s**, p95 "
        f"{tr['p95_ms']} ms, {tr['errors']} errors | {r['scenario']}: **{r['rps']} req/s**, "
        f"p95 {r['p95_ms']} ms, {r['errors']} errors | {ratios['reads_rps']} × |",
        f"| booking one place, then cancelling | **{tw['bookings_per_s']} /s**, "
        f"{tw['errors']} errors, {tw['clients']} clients | order, then mark_canceled: "
        f"**{w['bookings_per_s']} /s**, {w['errors']} errors ({w['errors_5xx']} × 5xx), "
        f"{w['clients']} clients | {ratios['bookings_per_s']} × |",
        "",
        f"pretix orders: {w['booked']} made, {w['cancelled']} cancelled, {w['refused']} "
        f"refused (4xx); places the quota still counts as sold after the run: "
        f"{w['places_left_held']} (orders whose cancel failed).",
    ]


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"### {result['date']} · {result['db']} · scale {result['scale']}",
        "",
        f"Data: {', '.join(f'{v:,} {k}' for k, v in result['counts'].items())}. "
        f"gunicorn {result['workers']} workers, {result['concurrency']} concurrent clients "
        f"({result.get('generator', 'hey')}), {result['duration']} s per page.",
        "",
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | p95 / floor | scaling p95 / small |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in result["pages"].items():
        scaling = r.get("scaling")
        lines.append(
            f"| {name} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
            f"{r['errors']} | {r['ratio_to_floor']} | {scaling if scaling is not None else '–'} |"
        )
    floor = result["pages"].get(result.get("floor", ""))
    over = [
        f"{name} ({r['ratio_to_floor']} ×)"
        for name, r in result["pages"].items()
        if r.get("ratio_to_floor") and r["ratio_to_floor"] > TARGETS["p95_vs_floor"]
    ]
    if floor:
        runs = "; ".join(
            f"{when}: {r['rps']} req/s, p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms"
            for when, r in zip(("before the pages", "after"), result["floor_runs"], strict=True)
        )
        lines += [
            "",
            f"Floor ({result['floor']}) {runs}; the ratios use the lower p95, "
            f"{floor['p95_ms']} ms. Over {TARGETS['p95_vs_floor']} × the floor's p95: "
            f"{', '.join(over) or 'none'}.",
        ]
    w = result["writes"]
    rep = result["report_vs_sql"]
    if w is not None and rep is not None:  # not measured with --only
        lines += [
            "",
            f"Booking writes: {w['bookings_per_s']} bookings/s with {w['clients']} clients "
            f"({w['booked']} booked, {w['cancelled']} cancelled, {w['refused']} refused, "
            f"{w['errors']} errors); slots over capacity after the run: "
            f"{w['slots_over_capacity']}, counter mismatches: {w['slots_with_counter_mismatch']}.",
        ]
    p = result.get("programme_writes")
    if p is not None:
        lines += [
            f"Programme writes: {p['operations_per_s']} operations/s with {p['clients']} "
            f"applicants and a coordinator, capacity {p['capacity']} ({p['applied']} applied, "
            f"{p['accepted']} accepted, {p['full']} refused as full and {p['waitlisted']} "
            f"waitlisted, {p['promoted']} moved up from the waiting list, {p['cancelled']} "
            f"cancelled, {p['refused']} other refusals, {p['errors']} errors); after the run "
            f"{p['enrolled_after']} enrolled against {p['holding_after']} holding a place, "
            f"programmes over capacity: {p['programmes_over_capacity']}.",
        ]
    a = result.get("survey_writes")
    if a is not None:
        lines += [
            f"Survey answers: {a['answers_per_s']} answers/s with {a['clients']} respondents "
            f"({a['answered']} answered, {a['errors']} errors); stored answers and used links "
            f"not matching the accepted ones after the run: {a['mismatched']}.",
        ]
    v = result.get("workshop_votes")
    if v is not None:
        lines += [
            f"Workshop votes: {v['votes_per_s']} votes/s with {v['clients']} participants "
            f"({v['cast']} cast, {v['refused']} refused as used up, {v['taken_back']} taken "
            f"back, {v['errors']} errors); over a limit after the run: {v['over_limit']}, "
            f"votes not matching those cast and taken back: {v['mismatched']}.",
        ]
    if rep is not None:
        lines += [
            f"Tutoring-hours report: {rep['report_ms']} ms against the plain SQL aggregate's "
            f"{rep['sql_ms']} ms (× {rep['ratio']}).",
        ]
    lines += [
        f"Largest worker RSS: {result['peak_worker_rss_mb']} MB.",
        *peer_lines(result.get("peer")),
        "",
        f"Targets: p95 ≤ {TARGETS['p95_vs_floor']} × floor; scaling ≤ {TARGETS['scaling']}; "
        f"≥ {TARGETS['bookings_per_s']} bookings/s, 0 errors; report ≤ "
        f"{TARGETS['report_vs_sql']} × SQL; RSS < 300 MB.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="small", choices=["small", "municipal", "national"])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--smoke", action="store_true", help="a few seconds in all, no results")
    parser.add_argument(
        "--peer", choices=["pretix"], help="also measure pretix, installed into its own venv"
    )
    parser.add_argument(
        "--no-save", action="store_true", help="print the tables, write no results files"
    )
    parser.add_argument(
        "--only",
        default="",
        help="measure only the pages whose names contain one of these comma-separated words "
        "(the floor always; no booking or programme writes; results saved as "
        "<date>-<db>-<scale>-partial)",
    )
    args = parser.parse_args()
    if args.smoke:
        args.duration, args.concurrency, args.peer = 1.0, 2, None

    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "tutori.settings",
            "DATABASE_URL": database_url(args.db, args.scale),
            "DEBUG": "false",
            "HTTPS": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "ERROR",
            # Mail is not what is measured (and would flood the console).
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
    )
    wrk = ensure_wrk()
    prepare(args.scale)
    from bench.scenarios import SCENARIOS, targets

    if args.only:
        words = [w.strip().lower() for w in args.only.split(",") if w.strip()]
        SCENARIOS = [s for s in SCENARIOS if s.floor or any(w in s.name.lower() for w in words)]

    found = targets()
    sessions = {
        login: session_for(f"{login}@bench.tutori.fi")
        for login in {s.login for s in SCENARIOS if s.login}
    }
    port = free_port()
    server = start_server(port, args.workers)
    sampler = MemorySampler(server.pid)
    sampler.start()
    pages: dict[str, dict[str, Any]] = {}
    try:
        for scenario in SCENARIOS:
            url = f"http://127.0.0.1:{port}{scenario.path.format(**found)}"
            log(f"{scenario.name}: {url}")
            pages[scenario.name] = measure(
                wrk,
                url,
                cookie(sessions.get(scenario.login)),
                max(args.duration, scenario.min_seconds),
                args.concurrency,
                expect=scenario.expect,
            )
        # The floor again after the pages: one measurement caught in a burst of other load
        # would flatter every ratio, so the ratios use the lower of the two p95s.
        first = next(s for s in SCENARIOS if s.floor)
        log(f"{first.name} again, after the pages")
        floor_after = measure(
            wrk,
            f"http://127.0.0.1:{port}{first.path.format(**found)}",
            cookie(sessions.get(first.login)),
            args.duration,
            args.concurrency,
        )
        write_seconds, clients = args.duration * (1 if args.smoke else 2), 2 if args.smoke else 16
        if args.only:
            writes, report, programme, answers, votes = None, None, None, None, None
        else:
            log("booking writes")
            writes = booking_writes(port, write_seconds, clients)
            log("programme writes")
            programme = programme_writes(
                port, write_seconds, clients, PROGRAMME_CAPACITY_SMOKE if args.smoke else 4
            )
            log("survey answers")
            from bench.survey_writes import survey_writes

            answers = survey_writes(
                lambda path, body, session: post_form(port, path, body, session),
                write_seconds,
                clients,
            )
            log("workshop votes")
            from bench.workshop_writes import workshop_writes

            votes = workshop_writes(
                lambda path, body, session, headers: post_read(port, path, body, session, headers),
                session_for,
                write_seconds,
                clients,
            )
            log("report against the SQL aggregate")
            report = report_against_sql(3 if args.smoke else 20)
    finally:
        sampler.stopped.set()
        server.terminate()
        server.wait(timeout=30)
    peer = None
    if args.peer and writes is not None:  # after Tutori's server stopped: never sharing cores
        from bench import peer_pretix

        peer = peer_pretix.run(
            var=VAR,
            db=args.db,
            workers=args.workers,
            duration=args.duration,
            concurrency=args.concurrency,
            write_duration=write_seconds,
            clients=writes["clients"],  # as many as Tutori's run had (16 unless few schools)
            wrk=wrk,
            measure=measure,
        )
    floor_name = next(s.name for s in SCENARIOS if s.floor)
    floor_runs = [pages[floor_name], floor_after]
    floor = pages[floor_name] = min(floor_runs, key=lambda r: r["p95_ms"])
    for r in pages.values():
        r["ratio_to_floor"] = round(r["p95_ms"] / floor["p95_ms"], 2) if floor["p95_ms"] else None
    result: dict[str, Any] = {
        "date": date.today().isoformat(),
        "db": args.db,
        "scale": args.scale,
        "workers": args.workers,
        "concurrency": args.concurrency,
        "generator": f"wrk, 1 thread, {args.concurrency} connections",
        "floor": floor_name,
        "only": args.only,
        "floor_runs": floor_runs,
        "duration": args.duration,
        "counts": counts(),
        "pages": pages,
        "writes": writes,
        "programme_writes": programme,
        "survey_writes": answers,
        "workshop_votes": votes,
        "report_vs_sql": report,
        "peak_worker_rss_mb": round(sampler.peak_kb / 1024, 1),
    }
    if peer is not None and writes is not None:
        result["peer"] = compared(peer, pages, writes)
    small = sorted(RESULTS.glob(f"*-{args.db}-small.json"))
    if small and args.scale != "small":
        base = json.loads(small[-1].read_text())["pages"]
        for name, r in pages.items():
            if name in base and base[name]["p95_ms"]:
                r["scaling"] = round(r["p95_ms"] / base[name]["p95_ms"], 2)
    table = markdown(result)
    print(table)
    if args.smoke:
        bad = [n for n, r in pages.items() if r["errors"] or not r["requests"]]
        if bad or (writes and (writes["errors"] or writes["slots_over_capacity"])):
            sys.exit(f"bench smoke: errors in {bad or 'booking writes'}")
        if programme and (programme["errors"] or not programme["cancelled"]):
            sys.exit("bench smoke: errors in programme writes")
        if answers and (answers["errors"] or answers["mismatched"] or not answers["answered"]):
            sys.exit("bench smoke: errors in survey answers")
        if votes and (
            votes["errors"] or votes["mismatched"] or votes["over_limit"] or not votes["cast"]
        ):
            sys.exit("bench smoke: errors in workshop votes")
        return
    if args.no_save:
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"{result['date']}-{args.db}-{args.scale}{'-partial' if args.only else ''}"
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    (RESULTS / f"{stem}.md").write_text(table)
    log(f"results in bench/results/{stem}.json and .md")


if __name__ == "__main__":
    from django_scopes import scopes_disabled

    # The benchmark reads and checks the whole database as the operator does.
    with scopes_disabled():
        main()
