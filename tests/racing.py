"""Races in tests: run one write from many threads released at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def race(n: int, target: Callable[[int], object], *, timeout: float = 120) -> list[object]:
    """Run ``target(i)`` in ``n`` threads released at once (a transactional test's database:
    each thread has its own connection, closed at its end); what each returned or raised."""
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
