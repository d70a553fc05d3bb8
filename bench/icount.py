"""Instructions per request, counted by valgrind's callgrind: figures a noisy machine cannot move.

Throughput on a shared two-core VM swings by a third between runs; the number of instructions one
request executes does not (the same code, inputs and hash seed give the same count). Each app is
driven in-process through Flask's test client, once with 100 and once with 300 measured requests
after the same warm-up; the difference over 200 is the per-request count, free of start-up and
imports. Counts cover the Python process only: not gunicorn, not the load clients, not the Redis
server (its replies are waited for, not counted).

Used by bench_alexa (skipped, with a note, where valgrind is missing).
"""
from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from .harness import ROOT

WARM_UP, SMALL, LARGE = 100, 100, 300


def available() -> bool:
    """Whether valgrind is installed."""
    return shutil.which("valgrind") is not None


def per_request(targets: dict[str, tuple[str, str, dict]], bodies_file: str) -> dict[str, int]:
    """Instructions per request for each name -> (factory, path, environment); two at a time."""
    jobs = [(name, count) for name in targets for count in (SMALL, LARGE)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        totals = dict(zip(jobs, pool.map(lambda job: _count(*targets[job[0]], job[1], bodies_file), jobs)))
    return {name: (totals[name, LARGE] - totals[name, SMALL]) // (LARGE - SMALL) for name in targets}


def _count(factory: str, path: str, env: dict, requests: int, bodies_file: str) -> int:
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-m",
               "bench.icount", factory, path, str(requests), bodies_file]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, **env, "PYTHONHASHSEED": "0"},
                          capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no total for {factory}:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def _drive(factory: str, path: str, requests: int, bodies_file: str) -> None:
    """The measured child: build the app, warm it up, then send `requests` requests."""
    from . import apps

    app = getattr(apps, factory)()
    if factory == "bare":  # the baseline's own request, as in the req/s table
        bodies = [(b'{"x":1}', {"Content-Type": "application/json"})]
    else:
        with open(bodies_file, "rb") as stream:
            bodies = pickle.load(stream)
    client = app.test_client()
    for index in range(WARM_UP + requests):
        body, headers = bodies[index % len(bodies)]
        status = client.post(path, data=body, headers=headers).status_code
        if status != 200:  # a rejected request would be counted as a cheap one
            raise SystemExit(f"{factory}: HTTP {status}")


if __name__ == "__main__":
    _drive(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
