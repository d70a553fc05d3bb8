"""Benchmark harness: serve apps with gunicorn, drive them with keep-alive clients, compare.

Every figure is a ratio against a baseline measured in the same run on the same machine, so the
numbers mean something on any machine. Clients are separate processes (the GIL would otherwise
throttle them) holding one keep-alive connection each.
"""
from __future__ import annotations

import http.client
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Requests per client per target, spread over ROUNDS alternating bursts (see `compare`).
PER_CLIENT = 3000
ROUNDS = 12


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(app_spec: str, *, env: dict | None = None, workers: int = 2, threads: int = 4):
    """Serve `module:factory()` with gunicorn (gthread workers, keep-alive) on a free port."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-k", "gthread", "-w", str(workers), "--threads", str(threads),
               "--keep-alive", "30", "-b", f"127.0.0.1:{port}", "--log-level", "warning", app_spec]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})}, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"gunicorn did not start for {app_spec}")
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@dataclass(frozen=True)
class LoadResult:
    """Throughput and latency of one load run."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    latencies: tuple[float, ...] = field(default=(), repr=False)  # seconds, for combining bursts

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def _client(port: int, method: str, path: str, bodies: list[tuple[bytes, dict]], count: int, ready, queue) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.connect()
    latencies, errors = [], 0
    ready.wait()  # every client connected: the clock starts now, not while processes start
    began = time.perf_counter()
    for index in range(count):
        body, headers = bodies[index % len(bodies)]
        started = time.perf_counter()
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        errors += response.status >= 400
    ended = time.perf_counter()
    connection.close()
    queue.put((latencies, errors, began, ended))


def load(port: int, method: str, path: str, bodies: list[tuple[bytes, dict]], *, clients: int = 4,
         per_client: int = PER_CLIENT, warmup: int = 50) -> LoadResult:
    """Send `clients x per_client` requests (after a warm-up) and measure."""
    if warmup:
        _run(port, method, path, bodies, 1, warmup)
    latencies, errors, seconds = _run(port, method, path, bodies, clients, per_client)
    latencies.sort()
    return LoadResult(len(latencies), seconds, statistics.median(latencies) * 1000,
                      latencies[int(len(latencies) * 0.99) - 1] * 1000, errors, tuple(latencies))


def _run(port, method, path, bodies, clients, per_client):
    """Latencies, errors and the seconds from the moment every client was connected and released
    to the moment the last one finished (perf_counter is one monotonic clock for all processes)."""
    queue, ready = multiprocessing.Queue(), multiprocessing.Barrier(clients)
    share = max(1, len(bodies) // clients)
    workers = [multiprocessing.Process(target=_client, args=(port, method, path,
                                                             bodies[i * share:(i + 1) * share] or bodies,
                                                             per_client, ready, queue)) for i in range(clients)]
    for worker in workers:
        worker.start()
    latencies, errors, began, ended = [], 0, [], []
    for _ in workers:
        got, bad, start, end = queue.get(timeout=300)
        latencies += got
        errors += bad
        began.append(start)
        ended.append(end)
    for worker in workers:
        worker.join()
    return latencies, errors, max(ended) - min(began)


def row(name: str, result: LoadResult, baseline: LoadResult) -> str:
    """A markdown table row: throughput, latency and the ratio to the baseline."""
    return (f"| {name} | {result.rps:,.0f} | {result.p50_ms:.2f} | {result.p99_ms:.2f} | "
            f"{result.rps / baseline.rps:.2f}x | {result.errors} |")


TABLE_HEAD = "| endpoint | req/s | p50 ms | p99 ms | vs baseline | errors |\n|---|---:|---:|---:|---:|---:|"


@dataclass(frozen=True)
class Target:
    """One endpoint to load: the app to serve, its environment, and the requests to send
    (`bodies` is called before each burst, so signed requests carry a fresh timestamp)."""

    app_spec: str
    env: dict
    method: str
    path: str
    bodies: Callable[[], list[tuple[bytes, dict]]]


def compare(targets: dict[str, Target], *, rounds: int = ROUNDS, per_client: int = PER_CLIENT) -> dict[str, LoadResult]:
    """Serve every target at once, then load them in short alternating bursts.

    On a shared two-core machine the speed available drifts by tens of percent within a minute;
    one long run per configuration turned that drift into differences between configurations.
    Here every round gives each target one burst, in a rotated order (so no target always comes
    first), and a target's figure sums its bursts: drift lands on all targets alike.
    """
    names = list(targets)
    burst = max(50, per_client // rounds)
    runs: dict[str, list[LoadResult]] = {name: [] for name in names}
    with ExitStack() as stack:
        ports = {name: stack.enter_context(gunicorn(t.app_spec, env=t.env)) for name, t in targets.items()}
        for name, t in targets.items():  # warm every worker before any clock starts
            _run(ports[name], t.method, t.path, t.bodies(), 2, 50)
        for index in range(rounds):
            order = names[index % len(names):] + names[:index % len(names)]
            for name in order:
                t = targets[name]
                runs[name].append(load(ports[name], t.method, t.path, t.bodies(), per_client=burst, warmup=0))
    return {name: _combined(results) for name, results in runs.items()}


def _combined(results: list[LoadResult]) -> LoadResult:
    latencies = sorted(x for r in results for x in r.latencies)
    return LoadResult(sum(r.requests for r in results), sum(r.seconds for r in results),
                      statistics.median(latencies) * 1000, latencies[int(len(latencies) * 0.99) - 1] * 1000,
                      sum(r.errors for r in results))
