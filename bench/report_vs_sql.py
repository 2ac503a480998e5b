"""The tutoring-hours report's selector against the plain SQL it needs, on a generated database.

    .venv/bin/python bench/report_vs_sql.py [--db sqlite|postgres] [--scale national]
                                            [--repeat 300] [--url DATABASE_URL]

For the benchmark's coordinator (a municipality and its schools) it times, many times over,
each grouping of ``hours_report`` (month, school, topic) against the single plain SQL
aggregate of the same grouping (``GROUP BY`` over the sessions of the organisations under the
municipality's path), and the whole selector (hours and the approved substitute spend)
against those two plain statements. Medians in milliseconds, and their ratio.

"warm" is the selector as a request runs it: the person's reach (their organisations, one
query) is already read by the permission check before it. "cold" reads the reach too.

The database is the one ``bench/run.py`` generates (``var/bench-<scale>.sqlite3`` or
``tutori_bench_<scale>`` under BENCH_POSTGRES_URL / TEST_POSTGRES_URL), or ``--url``.
Nothing is written; no assertion is made.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
clock = time.perf_counter


def medians_ms(runs: list[Callable[[], Any]], repeat: int) -> list[float]:
    """The median time of each of ``runs``, run in turn ``repeat`` times (interleaved, so a
    busy machine slows them alike)."""
    for run in runs:
        run()  # warm the statement caches
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, spent in zip(runs, times, strict=True):
            start = clock()
            run()
            spent.append((clock() - start) * 1000)
    return [statistics.median(spent) for spent in times]


def plain_statements(vendor: str) -> dict[str, str]:
    """Per grouping, the bare aggregate a hand-written report would run."""
    month = "substr(s.date, 1, 7)" if vendor == "sqlite" else "to_char(s.date, 'YYYY-MM')"
    scope = "s.organisation_id IN (SELECT id FROM orgs_organisation WHERE path LIKE %s)"
    measures = "SUM(s.duration_minutes), SUM(s.participant_count)"
    return {
        "month": (
            f"SELECT {month} AS m, {measures} FROM tutoring_tutoringsession s "
            f"WHERE {scope} GROUP BY m ORDER BY m"
        ),
        "school": (
            f"SELECT o.id, o.name, {measures} FROM tutoring_tutoringsession s "
            "JOIN orgs_organisation o ON o.id = s.organisation_id "
            f"WHERE {scope} GROUP BY o.id, o.name ORDER BY o.name, o.id"
        ),
        "topic": (
            f"SELECT t.id, t.name, t.name_sv, t.name_en, {measures} "
            "FROM tutoring_tutoringsession s "
            "LEFT JOIN tutoring_topic t ON t.id = s.topic_id "
            f"WHERE {scope} GROUP BY t.id, t.name, t.name_sv, t.name_en ORDER BY t.name, t.id"
        ),
        "spend": (
            "SELECT b.school_id, o.name, SUM(x.amount) FROM tutoring_substitutespend x "
            "JOIN tutoring_substitutebudget b ON b.id = x.budget_id "
            "JOIN orgs_organisation o ON o.id = b.school_id "
            "WHERE x.status = 'approved' AND b.school_id IN "
            "(SELECT id FROM orgs_organisation WHERE path LIKE %s) "
            "GROUP BY b.school_id, o.name ORDER BY o.name, b.school_id"
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--scale", default="national", choices=["small", "municipal", "national"])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--url", help="DATABASE_URL of an already generated database")
    parser.add_argument("--email", default="coordinator@bench.tutori.fi")
    parser.add_argument(
        "--clock",
        default="wall",
        choices=sorted(CLOCKS),
        help="cpu: this process's CPU time, steady on a busy machine, and all of the work "
        "on SQLite (which runs in the process); PostgreSQL's own work is then not counted",
    )
    args = parser.parse_args()
    global clock
    clock = CLOCKS[args.clock]

    sys.path.insert(0, str(ROOT))
    from bench.run import database_url

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "tutori.settings",
            "DATABASE_URL": args.url or database_url(args.db, args.scale),
            "DEBUG": "false",
            "LOG_LEVEL": "ERROR",
        }
    )
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tutori.access.engine import reach
    from tutori.accounts.models import User
    from tutori.core.scoping import forget
    from tutori.tutoring.selectors.report import hours_report

    coordinator = User.objects.get(email=args.email)
    # The municipality: the coordinator's own membership (their reach is what lies under it).
    (path,) = {path for _role, path in reach(coordinator).direct.values()}
    statements = plain_statements(connection.vendor)

    def plain(key: str) -> Callable[[], Any]:
        def run() -> Any:
            with connection.cursor() as cursor:
                cursor.execute(statements[key], [path + "%"])
                return cursor.fetchall()

        return run

    def selector(group: str, *, cold: bool, spend: bool) -> Callable[[], Any]:
        def run() -> Any:
            if cold:
                forget(coordinator)
            report = hours_report(user=coordinator, group=group)
            return report.rows, (report.spend if spend else None)

        return run

    with CaptureQueriesContext(connection) as queries:
        forget(coordinator)
        selector("month", cold=False, spend=True)()
    print(
        f"{connection.vendor}, {args.scale}: the organisations under {path!r}, "
        f"{len(queries)} queries for a cold month report with its spend; "
        f"median of {args.repeat}, ms of {args.clock} time",
        flush=True,
    )
    print("| grouping | plain SQL | selector (warm) | × | selector (cold) | × |")
    print("|---|---:|---:|---:|---:|---:|")
    for group in ("month", "school", "topic"):
        sql, warm, cold = medians_ms(
            [
                plain(group),
                selector(group, cold=False, spend=False),
                selector(group, cold=True, spend=False),
            ],
            args.repeat,
        )
        print(
            f"| {group} | {sql:.2f} | {warm:.2f} | {warm / sql:.2f} | {cold:.2f} | "
            f"{cold / sql:.2f} |",
            flush=True,
        )
    both, whole, whole_cold = medians_ms(
        [
            lambda: (plain("month")(), plain("spend")()),
            selector("month", cold=False, spend=True),
            selector("month", cold=True, spend=True),
        ],
        args.repeat,
    )
    print(
        f"| month + spend | {both:.2f} | {whole:.2f} | {whole / both:.2f} | {whole_cold:.2f} | "
        f"{whole_cold / both:.2f} |"
    )


if __name__ == "__main__":
    main()
