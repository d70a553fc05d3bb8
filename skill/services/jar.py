"""The connection jar: either partner drops in an idea for time together; one is drawn out."""
from __future__ import annotations

import json
import secrets
from datetime import datetime

from ..store import scripts
from ..store.keys import couple_key

MAX_IDEAS = 200
_DRAW = """
local idea = redis.call('ZRANDMEMBER', KEYS[1])
if idea then redis.call('ZREM', KEYS[1], idea) end
return idea
"""


def jar_key(couple_id: str) -> str:
    """The couple's jar."""
    return couple_key(couple_id, "jar")


def add(redis, couple_id: str, pid: str, idea: str, now: datetime) -> int:
    """Put `idea` in the jar; returns how many ideas it holds."""
    # A random nonce keeps two identical ideas as two entries, as in a real jar.
    member = json.dumps({"idea": idea, "by": pid, "at": now.isoformat(), "n": secrets.token_hex(4)})
    pipe = redis.pipeline(transaction=True)
    _queue_put(pipe, couple_id, {member: now.timestamp()})
    pipe.zcard(jar_key(couple_id))
    return pipe.execute()[-1]


def queue_adopt(pipe, couple_id: str, ideas: list[tuple[str, float]], pid: str) -> None:
    """Queue putting another jar's `ideas` (ZRANGE ... WITHSCORES pairs) into this couple's jar,
    each now partner `pid`'s, keeping when they were added."""
    if ideas:
        _queue_put(pipe, couple_id, {json.dumps({**json.loads(member), "by": pid}): score
                                     for member, score in ideas})


def _queue_put(pipe, couple_id: str, members: dict[str, float]) -> None:
    pipe.zadd(jar_key(couple_id), members)
    pipe.zremrangebyrank(jar_key(couple_id), 0, -MAX_IDEAS - 1)  # the oldest beyond MAX_IDEAS go


def draw(redis, couple_id: str) -> dict | None:
    """Take one idea out at random; None when the jar is empty."""
    raw = scripts.get(redis, _DRAW)(keys=[jar_key(couple_id)])
    return json.loads(raw) if raw else None


def count(redis, couple_id: str) -> int:
    """How many ideas are in the jar."""
    return redis.zcard(jar_key(couple_id))
