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


def take_some(redis, couple_id: str, pid: str, limit: int) -> tuple[list[dict], int]:
    """Take the oldest `limit` items waiting for `pid` (the rest stay for later), and say how
    many are left, in one round trip."""
    key = inbox_key(couple_id, pid)
    pipe = redis.pipeline(transaction=True)
    pipe.lrange(key, 0, limit - 1)
    pipe.ltrim(key, limit, -1)
    pipe.llen(key)
    items, _, left = pipe.execute()
    return [json.loads(item) for item in items], left


def withdraw(redis, couple_id: str, pid: str, **match: str) -> int:
    """Take back items still waiting for `pid` whose fields equal `match`; return how many.

    An item `pid` has already taken is no longer waiting, so it is not counted: a caller that gets
    0 knows the partner has heard it (or never had it). Each item goes with its own LREM, so an
    item taken between the read and the removal simply counts as heard.
    """
    key = inbox_key(couple_id, pid)
    taken_back = 0
    for raw in redis.lrange(key, 0, -1):
        item = json.loads(raw)
        if all(item.get(name) == value for name, value in match.items()):
            taken_back += redis.lrem(key, 1, raw)
    return taken_back


def waiting(redis, couple_id: str, pid: str) -> int:
    """How many items wait for `pid`."""
    return redis.llen(inbox_key(couple_id, pid))
