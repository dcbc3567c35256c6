"""Every benchmark script answers ``--help`` with its usage and does nothing else.

A bench without an argument parser ran in full on ``--help`` (``bench.news_spinner``
rewrote its data file, ``bench.baselines`` and ``bench.tortured_in_natural`` printed their
tables), and benches that need the build-time packages failed with a traceback in the
README's install: they now print their usage, then say in one line what is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHES = sorted(p.stem for p in (ROOT / "bench").glob("*.py")
                 if p.stem != "__init__" and '__name__ == "__main__"' in p.read_text())


def test_the_benches_are_found() -> None:
    assert {"quality", "speed", "news_spinner", "baselines"} <= set(BENCHES)


@pytest.mark.parametrize("name", BENCHES)
def test_help_prints_usage_and_touches_nothing(name: str) -> None:
    data = ROOT / "bench" / "data"
    before = {p: p.stat().st_mtime_ns for p in data.rglob("*") if p.is_file()}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", f"bench.{name}", "--help"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("usage:"), proc.stdout[:200]
    assert "Traceback" not in proc.stderr
    assert {p: p.stat().st_mtime_ns for p in data.rglob("*") if p.is_file()} == before
