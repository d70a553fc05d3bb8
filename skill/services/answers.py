"""Both answer, then reveal: answers to tonight's prompt reach the other partner only in pairs.

Each prompt a couple shares has a small hash of answers. Saving an answer and checking whether the
other partner has answered happen in one Lua script, so exactly one of two near-simultaneous
answers triggers the reveal, and the other partner's inbox receives it exactly once.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..store import scripts
from ..store.keys import couple_key
from .relay import inbox_key

KEEP = timedelta(days=30)

# KEYS: answers hash, other partner's inbox. ARGV: pid, other pid, my answer JSON, item for the
# other's inbox, ttl seconds. Returns the other's answer JSON when this answer completes the pair.
_ANSWER = """
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[5])
local other = redis.call('HGET', KEYS[1], ARGV[2])
if other and redis.call('HSETNX', KEYS[1], 'revealed', '1') == 1 then
  redis.call('RPUSH', KEYS[2], ARGV[4])
  return other
end
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


def save_answer(redis, couple_id: str, pid: str, other_pid: str, prompt_id: str, text: str,
                local_date: date, now: datetime) -> str | None:
    """Store `pid`'s answer; return the other partner's answer if this completes the pair."""
    mine = json.dumps({"text": text, "date": local_date.isoformat(), "at": now.isoformat()})
    item = json.dumps({"kind": "answer", "from": pid, "text": text, "prompt": prompt_id,
                       "date": local_date.isoformat(), "at": now.isoformat()})
    script = scripts.get(redis, _ANSWER)
    other = script(keys=[answers_key(couple_id, prompt_id), inbox_key(couple_id, other_pid)],
                   args=[pid, other_pid, mine, item, int(KEEP.total_seconds())])
    return json.loads(other)["text"] if other else None


def state(redis, couple_id: str, pid: str, other_pid: str, prompt_id: str) -> AnswerState:
    """What `pid` may know about the answers to `prompt_id`."""
    mine, theirs = redis.hmget(answers_key(couple_id, prompt_id), pid, other_pid)
    mine_text = json.loads(mine)["text"] if mine else None
    revealed = json.loads(theirs)["text"] if (mine and theirs) else None
    return AnswerState(mine_text, theirs is not None, revealed)
