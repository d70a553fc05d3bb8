"""Nudge records and the due-index: the Python face of the state machine in `scripts.py`."""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from redis.exceptions import WatchError

from . import keys
from .scripts import Scripts

KINDS = ("confirm", "nudge", "ask", "waiting", "voicenote", "calendarlink")
PERIODIC = "nudge"
FINAL = {"sent", "failed", "unknown", "lost", "skipped", "suppressed", "cancelled"}
PENDING = {"scheduled", "claimed", "sending"}
# Delivery statuses in the order Twilio moves through them; the final ones share a rank, so the
# first final status we hear of stands.
STATUS_RANK = {"accepted": 1, "scheduled": 1, "queued": 1, "sending": 2, "sent": 3,
               "delivered": 5, "undelivered": 5, "failed": 5, "read": 6}


def epoch(instant: datetime) -> float:
    """Seconds since the epoch for an aware datetime (the due-index score)."""
    return instant.timestamp()


def instant(score: float | str) -> datetime:
    """The UTC datetime of a due-index score."""
    return datetime.fromtimestamp(float(score), tz=timezone.utc)


@dataclass
class Nudge:
    """One scheduled message, as stored in `{nudges}:n:<id>` (all values are text in Redis)."""

    fields: dict[str, str]

    @property
    def id(self) -> str:
        return self.fields["id"]

    def __getattr__(self, name: str) -> str:
        try:
            return self.fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def get(self, name: str, default: str = "") -> str:
        """A field, or `default` when absent."""
        return self.fields.get(name, default)

    @property
    def due_at(self) -> datetime:
        return instant(self.fields["due"])

    @property
    def attempts(self) -> int:
        return int(self.fields.get("attempts") or 0)


class NudgeStore:
    """Schedules, claims and records nudges in Redis."""

    def __init__(self, redis):
        self.redis = redis
        self.scripts = Scripts(redis)

    def schedule(self, *, kind: str, couple: str, to: str, phone: str, due: datetime, late: datetime,
                 created: datetime, chain: str = "", fields: dict[str, str] | None = None,
                 pipe=None) -> str | None:
        """Put a new nudge in the due-index; returns its id.

        `chain` is '' for a one-off, '*' to (re)start a partner's periodic chain (cancelling a
        pending one), or the id of the nudge this one follows, in which case nothing is
        scheduled (None) when someone else already scheduled the follower. With `pipe` (a
        pipeline, for bulk scheduling) the script is queued there and the id returned at once.
        """
        if kind not in KINDS:
            raise ValueError(f"unknown nudge kind {kind!r}")
        nudge_id = secrets.token_hex(8)
        record = {"id": nudge_id, "kind": kind, "couple": couple, "to": to, "phone": phone,
                  "late": f"{epoch(late):.3f}", "created": created.isoformat(), **(fields or {})}
        settings_key = keys.settings(couple, to) if chain else keys.nudge(nudge_id)
        argv = [nudge_id, f"{epoch(due):.3f}", chain, f"{epoch(created):.3f}", keys.NUDGE_PREFIX]
        for name, value in record.items():
            argv += [name, str(value)]
        done = self.scripts.schedule(keys=[keys.nudge(nudge_id), keys.DUE, keys.history(couple), settings_key],
                                     args=argv, client=pipe)
        return nudge_id if pipe is not None or done else None

    def get(self, nudge_id: str) -> Nudge | None:
        """The record, or None."""
        fields = self.redis.hgetall(keys.nudge(nudge_id))
        return Nudge(fields) if fields else None

    def history(self, couple: str, limit: int = 20) -> list[Nudge]:
        """A couple's most recent nudges, newest first."""
        ids = self.redis.zrevrange(keys.history(couple), 0, limit - 1)
        pipe = self.redis.pipeline(transaction=False)
        for nudge_id in ids:
            pipe.hgetall(keys.nudge(nudge_id))
        return [Nudge(f) for f in pipe.execute() if f]

    # -- the dispatcher's transitions --------------------------------------------------------
    def claim(self, now: datetime, *, limit: int, lease: float, owner: str) -> list[Nudge]:
        """Claim up to `limit` due nudges for `owner`, each with a fresh token and a lease."""
        rows = self.scripts.claim(keys=[keys.DUE, keys.LEASES],
                                  args=[f"{epoch(now):.3f}", limit, lease, owner, keys.NUDGE_PREFIX])
        return [Nudge(dict(zip(row[::2], row[1::2]))) for row in rows]

    def _begin_call(self, nudge: Nudge, consent: str, lease: float, text: str):
        return (self.scripts.begin, [keys.nudge(nudge.id), keys.phone(nudge.phone), keys.LEASES],
                [nudge.token, consent, lease, nudge.id, nudge.couple, nudge.to, text])

    def _move_call(self, nudge: Nudge, src: str, dst: str, due: datetime | None, fields: dict):
        argv = [nudge.token, nudge.id, src, dst, f"{epoch(due):.3f}" if due else ""]
        for name, value in fields.items():
            argv += [name, "" if value is None else str(value)]
        return self.scripts.move, [keys.nudge(nudge.id), keys.LEASES, keys.DUE], argv

    def begin(self, nudge: Nudge, *, consent: str, lease: float, text: str) -> str:
        """Commit to sending: 'go', 'stale' (the claim was lost) or 'suppressed' (no consent)."""
        script, keys_, args = self._begin_call(nudge, consent, lease, text)
        return script(keys=keys_, args=args)

    def move(self, nudge: Nudge, *, src: str, dst: str, due: datetime | None = None, **fields) -> str:
        """Move a claimed/sending nudge to `dst` if we still hold it; returns `dst` or 'stale'."""
        script, keys_, args = self._move_call(nudge, src, dst, due, fields)
        return script(keys=keys_, args=args)

    def move_then_begin(self, previous: Nudge | None, plan: dict | None, nudge: Nudge, *, consent: str,
                        lease: float, text: str) -> tuple[str | None, str]:
        """Record the previous send (`move(previous, **plan)`) and `begin` the next nudge in one
        round trip (a sending thread's steady state). Returns (move's answer, begin's answer)."""
        _, begin_keys, begin_args = self._begin_call(nudge, consent, lease, text)
        if previous is None:
            return None, self.scripts.begin(keys=begin_keys, args=begin_args)
        plan = dict(plan)
        _, move_keys, move_args = self._move_call(previous, plan.pop("src"), plan.pop("dst"),
                                                  plan.pop("due", None), plan)
        moved, verdict = self.scripts.move_then_begin(keys=move_keys + begin_keys,
                                                      args=[len(move_args), *move_args, *begin_args])
        return moved, verdict

    def reap(self, limit: int = 500) -> list[tuple[str, str, str]]:
        """Settle expired leases: (id, 'requeued'|'lost', owner) for each."""
        flat = self.scripts.reap(keys=[keys.LEASES, keys.DUE, keys.LOST], args=[limit, keys.NUDGE_PREFIX])
        return list(zip(flat[::3], flat[1::3], flat[2::3]))

    def record_status(self, nudge_id: str, sid: str, status: str, error: str, now: datetime) -> str:
        """Apply a delivery status callback: 'updated', 'stale', 'mismatch' or 'missing'."""
        rank = STATUS_RANK.get(status)
        if rank is None:
            raise ValueError(f"unknown message status {status!r}")
        return self.scripts.status(keys=[keys.nudge(nudge_id)],
                                   args=[sid, status, rank, error, now.isoformat()])

    def log_unknown(self, nudge: Nudge, detail: str, now: datetime) -> None:
        """Remember a send whose outcome we cannot know, for the operator."""
        entry = {"id": nudge.id, "couple": nudge.couple, "to": nudge.to, "detail": detail, "at": now.isoformat()}
        self.redis.rpush(keys.UNKNOWN, json.dumps(entry))
        self.redis.ltrim(keys.UNKNOWN, -10000, -1)

    def cancel(self, nudge_id: str) -> bool:
        """Cancel a nudge that is still only scheduled (one already claimed goes ahead)."""
        key = keys.nudge(nudge_id)
        with self.redis.pipeline() as pipe:
            try:
                pipe.watch(key)
                if pipe.hget(key, "state") != "scheduled":
                    return False
                pipe.multi()
                pipe.hset(key, "state", "cancelled")
                pipe.zrem(keys.DUE, nudge_id)
                pipe.execute()
                return True
            except WatchError:  # claimed meanwhile: it goes ahead
                return False

    def idle(self) -> bool:
        """True when nothing is due (now or later) and nothing is claimed or in flight."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.zcard(keys.DUE)
        pipe.zcard(keys.LEASES)
        return not any(pipe.execute())

    def lost(self, limit: int = 100) -> list[dict]:
        """The most recent lost-in-flight records."""
        return [json.loads(x) for x in self.redis.lrange(keys.LOST, -limit, -1)]
