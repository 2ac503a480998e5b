"""core.kept: a value counted by one worker is read by another (the shared cache), and each
worker keeps its own copy after reading it."""

from __future__ import annotations

from django.core.cache import caches

from tutori.core.kept import kept


def test_a_worker_reads_what_another_counted():
    counted = []

    def count() -> int:
        counted.append(1)
        return 42

    assert kept("k", count, 60) == 42
    caches["default"].clear()  # another worker: its own memory is empty
    assert kept("k", count, 60) == 42
    assert counted == [1]
    assert caches["default"].get("k") == 42


def test_a_value_gone_from_both_is_counted_again():
    counted = []
    kept("k2", lambda: counted.append(1) or 1, 60)
    caches["default"].clear()
    caches["kept"].clear()
    kept("k2", lambda: counted.append(1) or 1, 60)
    assert counted == [1, 1]
