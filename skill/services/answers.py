"""Both answer, then reveal: answers to tonight's prompt reach the other partner only in pairs.

Each prompt a couple shares has a small hash of answers. Saving an answer and checking whether the
other partner has answered happen in one Lua script, so exactly one of two near-simultaneous
answers triggers the reveal, and the other partner's inbox receives it exactly once.

An answer the other partner has not matched yet is also listed as waiting for them (a sorted set
per partner, scored by the evening's date), so a partner who missed an evening can be offered
that prompt later instead of the answer staying unheard (see `waiting_before`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..store import scripts
from ..store.keys import couple_key
from .relay import inbox_key

KEEP = timedelta(days=30)

# KEYS: answers hash, other partner's inbox, what waits for the other, what waits for me. ARGV:
# pid, other pid, my answer JSON, item for the other's inbox, ttl seconds, prompt id, the evening's
# date ordinal. Returns the other's answer JSON when this answer completes the pair.
_ANSWER = """
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('ZREM', KEYS[4], ARGV[6])
local other = redis.call('HGET', KEYS[1], ARGV[2])
if other then
  if redis.call('HSETNX', KEYS[1], 'revealed', '1') == 1 then
    redis.call('RPUSH', KEYS[2], ARGV[4])
    return other
  end
  return false
end
redis.call('ZADD', KEYS[3], ARGV[7], ARGV[6])
redis.call('EXPIRE', KEYS[3], ARGV[5])
return false
"""


@dataclass(frozen=True)
class AnswerState:
    """Who has answered a shared prompt, and the other partner's words once both have."""

    mine: str | None
    theirs_exists: bool
    theirs: str | None  # only set when both answered


def answers_key(couple_id: str, prompt_id: str) -> str:
    """The answers to one shared prompt."""
    return couple_key(couple_id, "answers", prompt_id)


def waiting_key(couple_id: str, pid: str) -> str:
    """Prompts the other partner answered and `pid` has not: prompt id scored by date ordinal."""
    return couple_key(couple_id, "waiting", pid)


def save_answer(redis, couple_id: str, pid: str, other_pid: str, prompt_id: str, text: str,
                local_date: date, now: datetime) -> str | None:
    """Store `pid`'s answer to the prompt of their evening `local_date`; return the other
    partner's answer if this completes the pair."""
    mine = json.dumps({"text": text, "date": local_date.isoformat(), "at": now.isoformat()})
    item = json.dumps({"kind": "answer", "from": pid, "text": text, "prompt": prompt_id,
                       "date": local_date.isoformat(), "at": now.isoformat()})
    script = scripts.get(redis, _ANSWER)
    other = script(keys=[answers_key(couple_id, prompt_id), inbox_key(couple_id, other_pid),
                         waiting_key(couple_id, other_pid), waiting_key(couple_id, pid)],
                   args=[pid, other_pid, mine, item, int(KEEP.total_seconds()), prompt_id, local_date.toordinal()])
    return json.loads(other)["text"] if other else None


def waiting_before(redis, couple_id: str, pid: str, before: date) -> tuple[str, date] | None:
    """The latest prompt of an evening before `before` that the other partner answered and `pid`
    did not (prompt id and that evening's date), within the 30 days answers are kept."""
    key = waiting_key(couple_id, pid)
    oldest = (before - KEEP).toordinal()
    pipe = redis.pipeline(transaction=False)  # one round trip
    pipe.zremrangebyscore(key, "-inf", f"({oldest}")  # their answers are gone by now
    pipe.zrevrangebyscore(key, f"({before.toordinal()}", oldest, start=0, num=1, withscores=True)
    _, found = pipe.execute()
    if not found:
        return None
    prompt_id, ordinal = found[0]
    return prompt_id, date.fromordinal(int(ordinal))


def stop_waiting(redis, couple_id: str, pid: str, prompt_id: str) -> None:
    """`pid` let that prompt go: it is not offered again (the other's answer stays unrevealed)."""
    redis.zrem(waiting_key(couple_id, pid), prompt_id)


def state(redis, couple_id: str, pid: str, other_pid: str, prompt_id: str) -> AnswerState:
    """What `pid` may know about the answers to `prompt_id`."""
    mine, theirs = redis.hmget(answers_key(couple_id, prompt_id), pid, other_pid)
    mine_text = json.loads(mine)["text"] if mine else None
    revealed = json.loads(theirs)["text"] if (mine and theirs) else None
    return AnswerState(mine_text, theirs is not None, revealed)
