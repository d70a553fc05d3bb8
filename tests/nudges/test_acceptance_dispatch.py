"""Acceptance: 10,000 due nudges, four dispatcher processes, a flaky Twilio, one SIGKILL.

Every nudge reaches the stand-in exactly once, except at most the ones the killed dispatcher
had in flight, and each of those is in the lost-in-flight log. Dispatchers are real `closer
dispatch` processes against a real Redis (a dedicated database, flushed), sending through the
real twilio client to the stand-in, which fails 10% of requests with 500 and 2% with 429.
"""
from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis as redis_lib

from skill.nudges import keys
from skill.nudges.records import NudgeStore
from tests.support.twilio_standin import TwilioStandIn

from .helpers import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, seed_due_nudges

TOTAL = 10_000
DISPATCHERS = 4
THREADS = 4  # per dispatcher: at most this many sends are in flight in the one we kill
KILL_AFTER = 2_500  # messages accepted before the SIGKILL
LOAD_DB = 13


def with_db(url: str, db: int) -> str:
    """`url` pointing at database `db` (redis://, rediss:// or unix:// URLs).

    >>> with_db("redis://127.0.0.1:6379/2", 13), with_db("unix:///tmp/r.sock?db=0&x=1", 13)
    ('redis://127.0.0.1:6379/13', 'unix:///tmp/r.sock?x=1&db=13')
    """
    if url.startswith("unix:"):
        path, _, query = url.partition("?")
        kept = [q for q in query.split("&") if q and not q.startswith("db=")]
        return f"{path}?{'&'.join(kept + [f'db={db}'])}"
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))


@pytest.fixture
def load_redis(redis_url):
    """A dedicated, flushed database for the load test."""
    # REDIS_URL's server when set, else the embedded one: never a server nobody pointed us at.
    url = with_db(os.environ.get("REDIS_URL") or redis_url, LOAD_DB)
    client = redis_lib.Redis.from_url(url, decode_responses=True)
    client.flushdb()
    yield url, client
    client.flushdb()
    client.close()


def dispatcher(url: str, standin: TwilioStandIn, log: Path) -> subprocess.Popen:
    env = dict(os.environ, REDIS_URL=url, TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN,
               TWILIO_FROM_NUMBER=FROM_NUMBER, TWILIO_API_URL=standin.url,
               CLOSER_PUBLIC_URL="https://closer.example", CLOSER_NUDGE_LEASE_SECONDS="3",
               CLOSER_TWILIO_TIMEOUT="1.5", CLOSER_DISPATCH_THREADS=str(THREADS), CLOSER_DISPATCH_BATCH="16",
               CLOSER_NUDGE_RETRY_SECONDS="0.05", CLOSER_NUDGE_MAX_ATTEMPTS="15", CLOSER_LOG_LEVEL="WARNING")
    command = [sys.executable, "-m", "skill.cli", "dispatch", "--until-idle", "--interval", "0.05", "--json"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=log.open("w"), text=True)


def sending_by(redis, pid: int) -> bool:
    """Whether dispatcher `pid` has a nudge in the `sending` state right now."""
    ids = redis.zrange(keys.LEASES, 0, -1)
    pipe = redis.pipeline(transaction=False)
    for nudge_id in ids:
        pipe.hmget(keys.nudge(nudge_id), "state", "owner")
    return any(state == "sending" and f":{pid}:" in (owner or "") for state, owner in pipe.execute())


def wait_until(condition, timeout: float, what: str) -> None:
    """Poll `condition` (bounded): the one place these tests wait on wall-clock time."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


@pytest.mark.slow
def test_ten_thousand_nudges_four_dispatchers_one_killed(load_redis, tmp_path):
    url, redis = load_redis
    seeded = seed_due_nudges(redis, TOTAL, datetime.now(timezone.utc))
    assert redis.zcard(keys.DUE) == TOTAL

    with TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN, seed=2024) as standin:
        standin.rates = {"500": 0.10, "429": 0.02}
        standin.latency = 0.003
        procs = [dispatcher(url, standin, tmp_path / f"dispatcher{i}.log") for i in range(DISPATCHERS)]
        victim = procs[0]
        wait_until(lambda: len(standin.received) >= KILL_AFTER, 120, "the first messages")
        wait_until(lambda: sending_by(redis, victim.pid), 30, "the victim to be mid-send")
        victim.send_signal(signal.SIGKILL)
        accepted_at_kill = len(standin.received)
        reports = []
        for proc in procs[1:]:
            out, _ = proc.communicate(timeout=180)
            assert proc.returncode == 0, (tmp_path / "dispatcher1.log").read_text()[-2000:]
            reports.append(json.loads(out))
        victim.wait(timeout=10)
        received = list(standin.received)
        faults = collections.Counter(outcome for _, outcome in standin.attempts)

    assert victim.returncode == -signal.SIGKILL and accepted_at_kill < TOTAL  # killed mid-run
    assert faults["500"] > 500 and faults["429"] > 100  # the flaky Twilio really was flaky

    per_number = collections.Counter(m["to"] for m in received)
    duplicates = {number: n for number, n in per_number.items() if n > 1}
    assert duplicates == {}, f"sent twice: {list(duplicates)[:5]}"

    store = NudgeStore(redis)
    lost = store.lost(limit=1000)
    lost_ids = {entry["id"] for entry in lost}
    assert len(lost) <= THREADS, lost
    assert all(f":{victim.pid}:" in entry["owner"] for entry in lost)  # only the victim's sends
    assert sum(r["lost"] for r in reports) == len(lost)  # reaped by the survivors, and reported
    missing = {nudge_id for nudge_id, phone in seeded.items() if phone not in per_number}
    assert missing <= lost_ids, f"never sent and not logged: {sorted(missing - lost_ids)[:5]}"
    assert len(received) >= TOTAL - len(lost)

    states = collections.Counter(redis.hget(keys.nudge(i), "state") for i in seeded)
    assert states["sent"] + states["lost"] == TOTAL, states
    assert redis.zcard(keys.DUE) == 0 and redis.zcard(keys.LEASES) == 0
