"""Run every benchmark and write bench/RESULTS.md (what `make bench` does).

Each benchmark compares against a baseline measured in the same run, so the ratios are the
figures to read; absolute numbers depend on the machine and on what else it is doing.
"""
from __future__ import annotations

import os
import platform
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from . import bench_alexa, bench_schedule

HERE = Path(__file__).resolve().parent


def _dispatch_section() -> str:
    output = subprocess.run([sys.executable, str(HERE / "bench_dispatch.py")], cwd=HERE.parent, check=True,
                            capture_output=True, text=True).stdout
    table = "\n".join(line for line in output.splitlines() if line.startswith("|"))
    return ("### Nudges: dispatcher against plain twilio `messages.create` calls (Twilio stand-in over HTTP)\n\n"
            "All the safety is on: batched atomic claims with a lease, consent check, a `sending` record "
            "before each send, the outcome after it, the send-time quiet-hours guard. Goal: at least 0.80x.\n\n"
            + table)


def main() -> None:
    """Run all benchmarks and write RESULTS.md."""
    sections = [bench_alexa.main(), bench_schedule.main(), _dispatch_section()]
    header = (f"# Benchmark results\n\nRecorded {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on "
              f"{os.cpu_count()} cores, Python {platform.python_version()}, Redis at "
              f"`{os.environ.get('REDIS_URL', 'redis://127.0.0.1:6379')}`.\n\n"
              "Reproduce everything with `make bench` (or one file: `.venv/bin/python -m bench.bench_alexa`, "
              "`.venv/bin/python -m bench.bench_schedule`, `.venv/bin/python bench/bench_dispatch.py`). "
              "Load comes from client processes on the same two cores as the server, so absolute req/s "
              "understate a real deployment; the ratios against the same-run baseline are the figures "
              "to compare.\n")
    (HERE / "RESULTS.md").write_text(header + "\n" + "\n\n".join(sections) + "\n", encoding="utf-8")
    print((HERE / "RESULTS.md").read_text())


if __name__ == "__main__":
    main()
