"""The benchmark runs end to end at small scale, so it cannot rot (`make bench-smoke`).

It measures nothing here: it starts gunicorn on a generated database, drives every
scenario with wrk (bench/wrk.lua), books and cancels, applies to a programme, decides and
cancels, answers a survey through personal links, votes in a workshop and takes the votes
back, and fails on any error response.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the smoke run is the same on both databases; it runs once, in the SQLite pass",
)
@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is installed by `make test`")
def test_benchmark_smoke_run_has_no_errors(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--smoke"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "| floor |" in result.stdout
    assert "Booking writes:" in result.stdout
    assert "Programme writes:" in result.stdout
    assert "Survey answers:" in result.stdout
    assert "Workshop votes:" in result.stdout
