"""The dispatcher: claims due nudges, sends them once, records what happened.

Several dispatchers (processes, Lambda invocations) may run at once: they share nothing but
Redis, where each nudge moves through the state machine of `scripts.py`. One tick:

1. reap expired leases (a crashed dispatcher's claims): never-started ones go back to the
   due-index, ones caught mid-send are marked `lost-in-flight` and logged, never resent;
2. claim due nudges in batches (one round trip each) for a few sending threads; each thread
   records its previous send and commits to the next in a single round trip;
3. record each outcome: sent; a retry re-entered in the due-index with backoff when Twilio
   answered 429/5xx (it did not take the message); failed for other errors (21610 also opts
   the number out); unknown for a timeout (Twilio may have taken it, so we do not resend).
"""
from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from skill.clock import now as clock_now

from . import consent, options, planner, texts
from .records import PERIODIC, STATUS_RANK, Nudge, NudgeStore, instant
from .sender import Outcome

log = logging.getLogger(__name__)


@dataclass
class DispatchReport:
    """Counts of what one tick did (JSON-friendly via `as_dict`)."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    unknown: int = 0
    suppressed: int = 0
    skipped: int = 0
    postponed: int = 0
    stale: int = 0
    requeued: int = 0
    lost: int = 0
    lost_ids: list[str] = field(default_factory=list)

    def add(self, label: str) -> None:
        """Count one nudge's result."""
        setattr(self, label, getattr(self, label) + 1)

    def as_dict(self) -> dict:
        return asdict(self)

    def merge(self, other: "DispatchReport") -> None:
        """Add `other`'s counts to this report."""
        for name, value in other.as_dict().items():
            setattr(self, name, getattr(self, name) + value)


class Dispatcher:
    """Sends due nudges for one app. Thread-safe; one per process is plenty."""

    def __init__(self, app):
        config = app.config
        self.app = app
        self.redis = app.extensions["closer.redis"]
        self.store = NudgeStore(self.redis)
        self.sender = app.extensions["closer.twilio"]
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.lease = options.get(config, "CLOSER_NUDGE_LEASE_SECONDS")
        self.batch = int(options.get(config, "CLOSER_DISPATCH_BATCH"))
        self.max_attempts = int(options.get(config, "CLOSER_NUDGE_MAX_ATTEMPTS"))
        self.retry_base = options.get(config, "CLOSER_NUDGE_RETRY_SECONDS")
        self.public_url = (config.get("CLOSER_PUBLIC_URL") or "").rstrip("/")
        self.threads = int(options.get(config, "CLOSER_DISPATCH_THREADS"))
        self.pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="nudge-send")

    # -- one tick ----------------------------------------------------------------------------
    def tick(self, now: datetime, *, limit: int = 5000) -> DispatchReport:
        """Reap, then claim and send every nudge due at `now` (at most `limit`)."""
        report = DispatchReport()
        self.reap(now, report)
        planner.repair_chains_if_due(self.app, now)
        feed = _Feed(self, now, limit)
        for labels in self.pool.map(lambda _: self._work(feed, now), range(self.threads)):
            for label in labels:
                report.add(label)
        report.claimed = feed.claimed
        return report

    def reap(self, now: datetime, report: DispatchReport) -> None:
        """Settle leases of dispatchers that died (see module docstring, step 1)."""
        for nudge_id, verdict, owner in self.store.reap():
            if verdict == "requeued":
                report.requeued += 1
                continue
            report.lost += 1
            report.lost_ids.append(nudge_id)
            log.warning("nudge lost in flight", extra={"nudge": nudge_id, "owner": owner})
            nudge = self.store.get(nudge_id)
            if nudge is not None and nudge.kind == PERIODIC:
                planner.schedule_next(self.app, nudge, now)

    def _work(self, feed: "_Feed", now: datetime) -> list[str]:
        """One sending thread: take claimed nudges until the feed runs dry. An unexpected error
        leaves the nudge to the reaper (claimed -> requeued, sending -> lost: never twice)."""
        labels: list[str] = []
        carry = None  # the previous send, recorded in the same round trip as the next `begin`
        with self.app.app_context():
            while (nudge := feed.next()) is not None:
                try:
                    carry = self._step(nudge, now, carry, labels)
                except Exception:  # noqa: BLE001 — logged with the id; the lease settles it
                    log.exception("nudge dispatch failed", extra={"nudge": nudge.id})
                    labels.append("stale")
                    carry = None
            if carry is not None:
                labels.append(self._after(carry, self.store.move(carry[0], **carry[2]), now))
        return labels

    # -- one nudge ---------------------------------------------------------------------------
    def _step(self, nudge: Nudge, now: datetime, carry, labels: list[str]):
        """Check, commit to sending, send; returns what is left to record (the new carry)."""
        reason = planner.unfit_reason(nudge, now)
        if reason:
            if carry is not None:
                labels.append(self._after(carry, self.store.move(carry[0], **carry[2]), now))
            labels.append(self._postpone(nudge, now, reason))
            return None
        text = texts.for_nudge(nudge)
        recorded, verdict = self.store.move_then_begin(
            carry[0] if carry else None, carry[2] if carry else None, nudge,
            consent="pending" if nudge.kind == "confirm" else "active", lease=self.lease, text=text)
        if carry is not None:
            labels.append(self._after(carry, recorded, now))
        if verdict != "go":
            labels.append(verdict)  # 'suppressed' (no consent: the chain pauses) or 'stale'
            return None
        callback = f"{self.public_url}/twilio/status?n={nudge.id}" if self.public_url else None
        outcome = self.sender.send(nudge.phone, text, status_callback=callback, ref=nudge.id)
        return nudge, outcome, self._plan(nudge, outcome, now)

    def _postpone(self, nudge: Nudge, now: datetime, reason: str) -> str:
        """Too late or a bad hour: skip a periodic nudge (and plan the next), move others to a
        good time strictly after `now` (so this tick never claims them again)."""
        if nudge.kind == PERIODIC:
            if self.store.move(nudge, src="claimed", dst="skipped", detail=reason) == "stale":
                return "stale"
            planner.schedule_next(self.app, nudge, now)
            return "skipped"
        moved_to = planner.moved_due(self.app, nudge, now)
        if moved_to is None:
            skipped = self.store.move(nudge, src="claimed", dst="skipped", detail=f"{reason}; no good time soon")
            return "skipped" if skipped == "skipped" else "stale"
        due, late = moved_to
        moved = self.store.move(nudge, src="claimed", dst="scheduled", due=due, late=f"{late.timestamp():.3f}",
                                detail=f"moved: {reason}")
        return "postponed" if moved == "scheduled" else "stale"

    def _plan(self, nudge: Nudge, outcome: Outcome, now: datetime) -> dict:
        """The `move` that records `outcome` (see the module docstring, step 3)."""
        attempts = nudge.attempts + 1
        common = {"attempts": attempts, "last_try": now.isoformat()}
        error = {"error": outcome.code or outcome.http_status, "detail": outcome.detail}
        if outcome.kind == "accepted":
            return dict(src="sending,lost", dst="sent", sid=outcome.sid, status=outcome.status,
                        status_rank=STATUS_RANK.get(outcome.status, 1), sent_at=now.isoformat(), **common)
        if outcome.kind == "transient" and attempts < self.max_attempts:
            backoff = self.retry_base * (2 ** (attempts - 1)) * (0.75 + secrets.randbelow(500) / 1000)
            due = now + timedelta(seconds=backoff)
            late = max(instant(nudge.late), due + timedelta(minutes=10))
            return dict(src="sending", dst="scheduled", due=due, late=f"{late.timestamp():.3f}", **error, **common)
        if outcome.kind == "ambiguous":
            return dict(src="sending", dst="unknown", detail=outcome.detail, **common)
        return dict(src="sending", dst="failed", **error, **common)

    def _after(self, carry, state: str, now: datetime) -> str:
        """Follow-ups once an outcome is recorded; returns the report label."""
        nudge, outcome, plan = carry
        if state == "stale":
            return "stale"
        if state == "unknown":
            self.store.log_unknown(nudge, outcome.detail, now)
            log.warning("nudge outcome unknown; not resending", extra={"nudge": nudge.id, "why": outcome.detail})
        if state == "failed" and outcome.code == 21610:  # Twilio knows this number said STOP
            consent.opt_out(self.redis, nudge.phone, via="twilio-21610", now=now)
        if nudge.kind == PERIODIC and state != "scheduled":
            planner.schedule_next(self.app, nudge, now)
        return "retried" if state == "scheduled" else state

    def close(self) -> None:
        """Stop the thread pool."""
        self.pool.shutdown(wait=True)


class _Feed:
    """Claimed nudges for the sending threads, claimed a batch (one round trip) at a time."""

    def __init__(self, dispatcher: Dispatcher, now: datetime, limit: int):
        self.d, self.now, self.limit = dispatcher, now, limit
        self.claimed = 0
        self.queue: deque[Nudge] = deque()
        self.lock = threading.Lock()
        self.dry = False

    def next(self) -> Nudge | None:
        """The next claimed nudge, or None when nothing more is due (or the limit is reached)."""
        with self.lock:
            if not self.queue and not self.dry and self.claimed < self.limit:
                size = min(self.d.batch, self.limit - self.claimed)
                batch = self.d.store.claim(self.now, limit=size, lease=self.d.lease, owner=self.d.owner)
                self.claimed += len(batch)
                self.queue.extend(batch)
                self.dry = not batch
            return self.queue.popleft() if self.queue else None


def get_dispatcher(app) -> Dispatcher:
    """The app's dispatcher (created on first use)."""
    if "closer.dispatcher" not in app.extensions:
        app.extensions["closer.dispatcher"] = Dispatcher(app)
    return app.extensions["closer.dispatcher"]


def dispatch_once(app, now: datetime | None = None, *, limit: int = 5000) -> DispatchReport:
    """One tick at `now` (default: the app clock): for the scheduled Lambda, the CLI and tests."""
    with app.app_context():
        return get_dispatcher(app).tick(now or clock_now(), limit=limit)
