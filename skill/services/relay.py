"""What one partner leaves for the other: appreciations, check-ins, revealed answers, notes.

Each partner has an inbox list in the couple's slot. Items are delivered once: taking them reads
and clears the list in one transaction, so two devices of the same partner cannot both hear them.
"""
from __future__ import annotations

import json
from datetime import datetime

from ..store.keys import couple_key

MAX_WAITING = 50  # a partner away for weeks hears the newest items, not an endless list


def inbox_key(couple_id: str, pid: str) -> str:
    """The inbox of partner `pid`."""
    return couple_key(couple_id, "inbox", pid)


def leave(redis, couple_id: str, to_pid: str, kind: str, now: datetime, **fields: str) -> None:
    """Leave an item of `kind` for partner `to_pid`."""
    item = json.dumps({"kind": kind, "at": now.isoformat(), **fields}, separators=(",", ":"))
    pipe = redis.pipeline(transaction=True)
    pipe.rpush(inbox_key(couple_id, to_pid), item)
    pipe.ltrim(inbox_key(couple_id, to_pid), -MAX_WAITING, -1)
    pipe.execute()


def take(redis, couple_id: str, pid: str) -> list[dict]:
    """Take (and so mark delivered) everything waiting for `pid`, oldest first."""
    pipe = redis.pipeline(transaction=True)
    pipe.lrange(inbox_key(couple_id, pid), 0, -1)
    pipe.delete(inbox_key(couple_id, pid))
    items, _ = pipe.execute()
    return [json.loads(item) for item in items]


def waiting(redis, couple_id: str, pid: str) -> int:
    """How many items wait for `pid`."""
    return redis.llen(inbox_key(couple_id, pid))
