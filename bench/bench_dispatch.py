"""Dispatcher throughput against a plain loop of twilio `messages.create` calls, same run.

Both talk to the Twilio stand-in (tests/support/twilio_standin.py), served from its own process
so it does not share a GIL with the code being measured, over real HTTP with the real twilio
client. Figures, messages per second:

- plain loop        — `client.messages.create(...)` in a for loop (no safety at all): the goal's
                      baseline;
- plain, same shape — the same calls from as many processes and threads as the dispatcher uses
                      (what the safety costs at equal parallelism);
- dispatcher        — one process: `dispatch_once` until the due-index is empty; several
                      processes: the real `closer dispatch --processes N --until-idle`, started
                      before the nudges fall due and timed from that moment (start-up excluded,
                      as for a dispatcher that is already running). Batched atomic claims,
                      consent check and `sending` record before each send, outcome after it,
                      send-time quiet-hours guard, texts from the content library.

Run:  .venv/bin/python bench/bench_dispatch.py [--count N] [--threads 8] [--processes 1] [--latency S]
      (default: the rows in DEFAULT_ROWS)
Redis: REDIS_URL, else 127.0.0.1:6379; database 14 is flushed before and after.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import redis as redis_lib  # noqa: E402
from twilio.rest import Client  # noqa: E402

from skill import create_app  # noqa: E402
from skill.nudges import dispatch_once  # noqa: E402
from skill.nudges.records import NudgeStore  # noqa: E402
from skill.nudges.sender import RedirectingHttpClient  # noqa: E402
from tests.nudges.helpers import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, seed_due_nudges  # noqa: E402

BODY = "Closer: Sam would love to hear your voice today. Record a short voice note when you have a minute."


def start_standin(latency: float) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.support.twilio_standin", "--sid", ACCOUNT_SID,
                             "--token", AUTH_TOKEN, "--latency", str(latency)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    return proc, proc.stdout.readline().strip()


def plain(url: str, count: int, threads: int, offset: int = 0) -> float:
    """Messages per second of `count` plain creates from `threads` threads (1: a for loop)."""
    client = Client(ACCOUNT_SID, AUTH_TOKEN, http_client=RedirectingHttpClient(url, timeout=10, pool=threads * 2))

    def send(i: int) -> None:
        client.messages.create(to=f"+1303{i:07d}", from_=FROM_NUMBER, body=BODY,
                               status_callback=f"https://closer.example/twilio/status?n={i}")

    started = time.perf_counter()
    if threads == 1:
        for i in range(offset, offset + count):
            send(i)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(send, range(offset, offset + count)))
    return count / (time.perf_counter() - started)


def _plain_child(url: str, count: int, threads: int, offset: int, ready, go) -> None:
    plain(url, 20, threads, offset)  # warm the connection pool before the clock starts
    ready.put(1)
    go.wait()
    plain(url, count, threads, offset)


def plain_processes(url: str, count: int, processes: int, threads: int) -> float:
    """Plain creates from `processes` processes of `threads` threads each, timed from a common start."""
    if processes == 1:
        return plain(url, count, threads)
    context = multiprocessing.get_context("spawn")
    ready, go = context.Queue(), context.Event()
    share = count // processes
    children = [context.Process(target=_plain_child, args=(url, share, threads, n * 10_000_000, ready, go))
                for n in range(processes)]
    for child in children:
        child.start()
    for _ in children:
        ready.get(timeout=60)
    started = time.perf_counter()
    go.set()
    for child in children:
        child.join()
    return share * processes / (time.perf_counter() - started)


def _app_config(url: str, redis_url: str, threads: int) -> dict:
    return {"REDIS_URL": redis_url, "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_FROM_NUMBER": FROM_NUMBER, "TWILIO_API_URL": url, "CLOSER_PUBLIC_URL": "https://closer.example",
            "CLOSER_DISPATCH_THREADS": threads, "CLOSER_DISPATCH_BATCH": threads * 4, "SECRET_KEY": "bench",
            "CLOSER_LOG_LEVEL": "WARNING"}


def dispatcher(url: str, redis_url: str, count: int, threads: int) -> float:
    """One dispatcher in this process: `dispatch_once` until nothing is due or in flight."""
    app = create_app(_app_config(url, redis_url, threads))
    redis = app.extensions["closer.redis"]
    now = datetime.now(timezone.utc)
    seed_due_nudges(redis, count, now, prefix="+1404")
    store = NudgeStore(redis)
    started = time.perf_counter()
    sent = 0
    while not store.idle():
        sent += dispatch_once(app, now).sent
    elapsed = time.perf_counter() - started
    if sent != count:
        raise SystemExit(f"dispatcher sent {sent} of {count}")
    return count / elapsed


def dispatcher_processes(url: str, redis_url: str, count: int, processes: int, threads: int,
                         lead: float = 8.0) -> float:
    """`closer dispatch --processes N --until-idle`, already running when `count` nudges fall due
    (`lead` seconds after launch); timed from that instant until the command exits."""
    if processes == 1:
        return dispatcher(url, redis_url, count, threads)
    app = create_app(_app_config(url, redis_url, threads))
    due_at = datetime.now(timezone.utc) + timedelta(seconds=lead)
    seed_due_nudges(app.extensions["closer.redis"], count, due_at + timedelta(seconds=1), prefix="+1404")
    env = {**os.environ, **{k: str(v) for k, v in _app_config(url, redis_url, threads).items()}}
    command = [sys.executable, "-m", "skill.cli", "dispatch", "--processes", str(processes), "--until-idle",
               "--interval", "0.02", "--json"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=600)
    finished = datetime.now(timezone.utc)
    if process.returncode != 0 or json.loads(out)["sent"] != count:
        raise SystemExit(f"closer dispatch failed ({process.returncode}): {out[-500:]} {err[-2000:]}")
    if finished <= due_at:
        raise SystemExit("the dispatcher finished before the nudges fell due")
    return count / (finished - due_at).total_seconds()


def row(url: str, redis_url: str, count: int, processes: int, threads: int, latency: float) -> str:
    """One markdown row: plain loop, plain at the same shape, the dispatcher, and the ratios."""
    plain(url, 100, threads)  # warm up connections and the stand-in
    loop = plain(url, count, 1)
    shaped = plain_processes(url, count, processes, threads)
    ours = dispatcher_processes(url, redis_url, count, processes, threads)
    shape = f"{processes} {'processes' if processes > 1 else 'process'} x {threads} threads"
    command = (f"bench/bench_dispatch.py --count {count} --processes {processes} --threads {threads} "
               f"--latency {latency}")
    return (f"| {latency * 1000:.0f} ms | {shape} | {count} | {loop:.0f} | {shaped:.0f} | {ours:.0f} "
            f"| {ours / loop:.2f}x | {ours / shaped:.2f}x | `.venv/bin/python {command}` |")


HEAD = ("| stand-in latency | dispatcher shape | messages | plain loop msg/s | plain, same shape msg/s "
        "| dispatcher msg/s | dispatcher / plain loop | dispatcher / plain, same shape | command |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---|")
# (latency s, processes, threads, messages)
DEFAULT_ROWS = [(0.0, 1, 8, 3000), (0.0, 2, 4, 6000), (0.05, 1, 8, 400)]


def main() -> None:
    parser = argparse.ArgumentParser(description="dispatcher vs plain twilio loop")
    parser.add_argument("--count", type=int, help="messages per run")
    parser.add_argument("--threads", type=int, help="sending threads per dispatcher (default 8)")
    parser.add_argument("--processes", type=int, help="dispatcher processes (default 1)")
    parser.add_argument("--latency", type=float, help="stand-in seconds per request (default 0)")
    args = parser.parse_args()
    rows = DEFAULT_ROWS
    if any(v is not None for v in (args.count, args.threads, args.processes, args.latency)):
        latency = args.latency or 0.0
        rows = [(latency, args.processes or 1, args.threads or 8, args.count or (3000 if latency == 0 else 400))]
    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379").split("?")[0].rstrip("/")
    redis_url = (base.rsplit("/", 1)[0] if base.rsplit("/", 1)[-1].isdigit() else base) + "/14"
    flush = redis_lib.Redis.from_url(redis_url)
    print(HEAD)
    for latency, processes, threads, count in rows:
        flush.flushdb()
        proc, url = start_standin(latency)
        try:
            print(row(url, redis_url, count, processes, threads, latency), flush=True)
        finally:
            proc.kill()
            flush.flushdb()


if __name__ == "__main__":
    main()
