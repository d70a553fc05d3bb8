"""Dispatcher throughput against a plain loop of twilio `messages.create` calls, same run.

Both talk to the Twilio stand-in (tests/support/twilio_standin.py), served from its own process
so it does not share a GIL with the code being measured, over real HTTP with the real twilio
client. Three figures, messages per second:

- plain loop      — `client.messages.create(...)` in a for loop (no safety at all);
- plain threads   — the same calls from a pool of as many threads as the dispatcher uses
                    (the fair measure of what the safety costs);
- dispatcher      — `dispatch_once` until the due-index is empty: batched atomic claims,
                    consent check and `sending` record before each send, outcome recorded
                    after it, send-time quiet-hours guard, texts from the content library.

Run:  .venv/bin/python bench/bench_dispatch.py [--count N] [--threads 8] [--latency S ...]
      (default: one row with a 0 ms stand-in, 3000 messages; one with 50 ms, 400 messages)
Redis: REDIS_URL, else 127.0.0.1:6379; database 14 is flushed before and after.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
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


def plain(url: str, count: int, threads: int) -> float:
    client = Client(ACCOUNT_SID, AUTH_TOKEN, http_client=RedirectingHttpClient(url, timeout=10, pool=threads * 2))

    def send(i: int) -> None:
        client.messages.create(to=f"+1303{i:07d}", from_=FROM_NUMBER, body=BODY,
                               status_callback=f"https://closer.example/twilio/status?n={i}")

    started = time.perf_counter()
    if threads == 1:
        for i in range(count):
            send(i)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(send, range(count)))
    return count / (time.perf_counter() - started)


def dispatcher(url: str, redis_url: str, count: int, threads: int) -> float:
    app = create_app({"REDIS_URL": redis_url, "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                      "TWILIO_FROM_NUMBER": FROM_NUMBER, "TWILIO_API_URL": url,
                      "CLOSER_PUBLIC_URL": "https://closer.example", "CLOSER_DISPATCH_THREADS": threads,
                      "CLOSER_DISPATCH_BATCH": threads * 4, "SECRET_KEY": "bench"})
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


def row(url: str, redis_url: str, count: int, threads: int, latency: float) -> str:
    plain(url, 100, threads)  # warm up connections and the stand-in
    loop = plain(url, count, 1)
    pooled = plain(url, count, threads)
    ours = dispatcher(url, redis_url, count, threads)
    command = f"bench/bench_dispatch.py --count {count} --threads {threads} --latency {latency}"
    return (f"| dispatch, stand-in latency {latency * 1000:.0f} ms | {count} | {loop:.0f} | {pooled:.0f} "
            f"| {ours:.0f} | {ours / loop:.2f}x | {ours / pooled:.2f}x | `.venv/bin/python {command}` |")


def main() -> None:
    parser = argparse.ArgumentParser(description="dispatcher vs plain twilio loop")
    parser.add_argument("--count", type=int, help="messages per run (default 3000, or 400 with latency)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--latency", type=float, action="append",
                        help="stand-in seconds per request; repeat for several rows (default: 0 and 0.05)")
    args = parser.parse_args()
    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379").split("?")[0].rstrip("/")
    redis_url = (base.rsplit("/", 1)[0] if base.rsplit("/", 1)[-1].isdigit() else base) + "/14"
    flush = redis_lib.Redis.from_url(redis_url)
    print("| bench | messages | plain loop msg/s | plain threads msg/s | dispatcher msg/s "
          "| dispatcher / plain loop | dispatcher / plain threads | command |")
    print("|---|---|---|---|---|---|---|---|")
    for latency in args.latency or [0.0, 0.05]:
        count = args.count or (3000 if latency == 0 else 400)
        flush.flushdb()
        proc, url = start_standin(latency)
        try:
            print(row(url, redis_url, count, args.threads, latency), flush=True)
        finally:
            proc.kill()
            flush.flushdb()


if __name__ == "__main__":
    main()
