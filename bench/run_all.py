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
NOTES = """
### Reading these results, against the goals in the issues

- **Alexa endpoint: goal 0.60x, not met.** With the harness as it is now (a burst's clock starts
  once every client is connected; before 2026-11-24 evening it also counted starting the client
  processes, which flattered the slower endpoints and gave 0.37x-0.47x), tonight's prompt with
  signature checks reaches 0.32x-0.46x of the bare endpoint over thirteen runs (nine of 2026-11-24,
  four of 2026-11-25) on this VM, whose speed drifts by a third within minutes (the bare endpoint
  itself ran at 1,700-4,500 req/s); the last six gave 0.40x, 0.44x, 0.36x, 0.46x, 0.41x and 0.35x,
  with floors of 0.60x, 0.61x, 0.52x, 0.59x, 0.54x and 0.53x, and 3.27M-3.34M instructions per
  request (the last run's 3.34M is the machine's, not the code's: the previous session's code,
  counted beside it in one sitting, executed the same within 0.2%; in the fourth run the same endpoint with checks off came out slower than with them, 0.44x:
  the noise is that large). The instruction counts above do not drift, and they show why the goal is out of reach
  with the stack the issue asks for. The floor (an ask-sdk skill behind the same checks whose only
  handler speaks a fixed line, no Redis) already executes about 2.5 times the bare endpoint's
  instructions, and reaches only 0.49x-0.63x in req/s over the same thirteen runs. Of its extra, the RSA
  signature check is about 0.5M instructions (20 µs of OpenSSL per request, on a key that is already
  cached); most of the rest is building ask-sdk's models from the envelope (about 36 µs) and its
  dispatch and serialisation. Tonight's prompt adds about 1M instructions to the floor: one Redis
  pipeline (record, couple and evening, hiredis parsing) and our handler; the round trip also costs
  system calls, context switches and Redis server time that the counts leave out. Taking the bare
  and floor rows as two points (req/s ratio against instructions, with a common cost for gunicorn
  and the clients), 0.60x needs the whole request, checks included, to execute about 1.8M-2.4M
  instructions: about what the floor executes today (2.3M), against 3.3M now.
  What was done: ask-sdk's `DefaultSerializer` with its per-class work cached and a standard-library
  path for Alexa's timestamp (83 -> 28 µs per envelope, same models, property-tested against the
  stock serializer); the body parsed once; a worker that has served a user reads record, couple and
  evening in one round trip (2 before, 5 originally); repeat requests write nothing; no Flask cookie
  session (about 150k instructions a request); hiredis parses Redis replies (about 130k). Not done:
  server-assisted client-side caching (would remove the round trip for repeat users; redis-py
  supports it from Redis 7.4, this machine runs 7.0 and the embedded one 6.2), which would still
  leave the request above the floor's instructions.
- **Scheduling: no goal set.** Planning a year costs about 1.3x rendering the same events with plain
  icalendar; our own VTIMEZONE builder renders at about 1.2x icalendar's (which writes VTIMEZONEs
  ical.js misreads).
- **Feed 304 path: no goal set.** Two Redis round trips (token, then token check + version + cached
  tag in one pipeline), no body transfer.
- **Dispatcher: goal 0.80x, met by the dispatcher as it runs on a server.** `closer dispatch
  --processes 2` (one process per core, 4 sending threads each) sends faster than the plain loop
  even with a stand-in that answers instantly; against the same calls made from the same 2
  processes x 4 threads without any safety it keeps about 0.7x-0.8x, which is the cost of the
  safety at equal parallelism. One process alone stays near 0.6x at 0 ms: its threads share one
  interpreter lock, and the plain calls from 8 threads of one process are themselves slower than
  the loop. With a 50 ms round trip, as real Twilio has, one process sends several times the plain
  loop and about as fast as the same calls from an equal thread pool. The per-message cost is one
  Redis round trip (record the last outcome and begin the next send in one script); batching
  `sending` for a whole batch would be faster but could lose a whole batch in a crash, against the
  "never twice, lose at most the one in flight" rule.
"""


def _dispatch_section() -> str:
    output = subprocess.run([sys.executable, str(HERE / "bench_dispatch.py")], cwd=HERE.parent, check=True,
                            capture_output=True, text=True).stdout
    table = "\n".join(line for line in output.splitlines() if line.startswith("|"))
    return ("### Nudges: dispatcher against plain twilio `messages.create` calls (Twilio stand-in over HTTP)\n\n"
            "All the safety is on: batched atomic claims with a lease, consent check, a `sending` record "
            "before each send, the outcome after it, the send-time quiet-hours guard. Goal: at least 0.80x "
            "of the plain loop. \"Plain, same shape\" sends the same calls from as many processes and "
            "threads as the dispatcher, without any of the safety: the ratio against it is what the safety "
            "costs at equal parallelism. Several processes means the real `closer dispatch --processes N`, "
            "already running when the nudges fall due.\n\n" + table)


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
    (HERE / "RESULTS.md").write_text(header + "\n" + "\n\n".join(sections) + "\n" + NOTES, encoding="utf-8")
    print((HERE / "RESULTS.md").read_text())


if __name__ == "__main__":
    main()
