"""Tonight's prompt: one sequence of prompts per couple per local evening.

Both partners walk the same sequence for a date, each on their own local date: whoever asks first
on date D draws the first prompt; the other partner, hours later on their own date D, starts at
the prompt the first one settled on. "Another one" moves that partner's cursor along the
sequence, drawing a new prompt only when the sequence has none left. The draw is made in Python
(the prompt library lives there) and appended by a Lua script that only appends when nobody else
appended first, so two partners asking at the same instant still share one sequence.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from scheduling.zones import get_zone

from ..content import library
from ..content.selection import choose_prompt, first_evening_pool
from ..store import scripts
from ..store.keys import couple_key

KEEP_DAYS = 60

# KEYS: nightly hash, given hash. ARGV: date, pid, expected length, new prompt id ('' = none),
# cursor, stale date to prune. Returns the sequence for the date as JSON.
_ADVANCE = """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local seq = raw and cjson.decode(raw) or {}
if ARGV[4] ~= '' and #seq == tonumber(ARGV[3]) then
  table.insert(seq, ARGV[4])
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(seq))
  redis.call('HSET', KEYS[2], ARGV[4], ARGV[1])
end
local cursor = math.min(tonumber(ARGV[5]), #seq - 1)
redis.call('HSET', KEYS[1], ARGV[1] .. ':' .. ARGV[2], cursor)
redis.call('HDEL', KEYS[1], ARGV[6], ARGV[6] .. ':a', ARGV[6] .. ':b')
return {cjson.encode(seq), cursor}
"""


@dataclass(frozen=True)
class TonightsPrompt:
    """The prompt a partner hears, and where it sits in the evening's sequence."""

    prompt: library.Prompt
    position: int  # 0 for the evening's first prompt
    repeated: bool  # this partner already heard it tonight


@dataclass(frozen=True)
class Evening:
    """One partner's prompt state for a local date, as read from Redis (raw values), with the
    other partner's place in that date's sequence (None: they have not heard its prompt)."""

    day: date
    sequence: str | None
    cursor: str | None
    partner_cursor: str | None = None


def given_key(couple_id: str) -> str:
    """The couple's prompt history: prompt id -> the last local date it was given."""
    return couple_key(couple_id, "given")


def later_history(heard: dict[str, str], already: dict[str, str]) -> dict[str, str]:
    """The entries of prompt history `heard` that are newer than `already`'s (to merge one
    couple's history into another's). ISO dates compare as text."""
    return {prompt: day for prompt, day in heard.items() if day > already.get(prompt, "")}


def evening_fields(day: date, pid: str) -> tuple[str, str, str]:
    """The nightly-hash fields holding a date's sequence, a partner's place in it and the other
    partner's (partners are "a" and "b")."""
    other = "b" if pid == "a" else "a"
    return day.isoformat(), f"{day.isoformat()}:{pid}", f"{day.isoformat()}:{other}"


def partner_missed(evening: Evening | None, partner_zone: str | None, now: datetime) -> bool:
    """True when the other partner's own evening of `evening.day` is over and they never heard its
    prompt. It happens when the partner behind in time asks first, after the partner ahead let
    their evening of that date pass: that prompt and its answer cannot be shared any more."""
    if evening is None or evening.partner_cursor is not None or not partner_zone:
        return False
    return evening_of(now.astimezone(get_zone(partner_zone))) > evening.day


def read_evening(redis, couple_id: str, pid: str, day: date) -> Evening:
    """Read one partner's evening (when the request context did not already)."""
    return Evening(day, *redis.hmget(couple_key(couple_id, "nightly"), *evening_fields(day, pid)))


EVENING_ENDS_HOUR = 4  # an evening runs on past midnight: until 4 in the morning it is still last night


def evening_of(local: datetime) -> date:
    """The date of the evening a local wall-clock time belongs to. At half past midnight, after
    answering at eleven, "what did Ana say?" is about the prompt of the evening just had, not a
    new day's that neither of them has seen.

    >>> from datetime import datetime
    >>> evening_of(datetime(2026, 11, 25, 0, 30)), evening_of(datetime(2026, 11, 25, 4, 0))
    (datetime.date(2026, 11, 24), datetime.date(2026, 11, 25))
    """
    return (local - timedelta(hours=EVENING_ENDS_HOUR)).date()


# How many calendar days two people can be apart at the same instant (UTC-12 against UTC+14).
MAX_DATE_LAG = 2


def plan_week(plan_start: date | None, local_date: date) -> int | None:
    """Week 1..6 of the six-week plan on `local_date`, or None outside the plan.

    The plan starts on the local date of the partner who started it. The other partner may still
    be on the day before (or, across the date line, two days before): for them it has begun too.
    """
    if plan_start is None:
        return None
    days = (local_date - plan_start).days
    if days < -MAX_DATE_LAG:
        return None
    week = max(days, 0) // 7 + 1
    return week if week <= 6 else None



def prompt_for(redis, couple, pid: str, local_date: date, *, another: bool = False,
               evening: Evening | None = None) -> TonightsPrompt:
    """The prompt `pid` hears tonight (or the next one with `another`), recording what was given.

    `evening` is the state already read for this date, if the caller has it.
    """
    nightly, given = couple_key(couple.id, "nightly"), given_key(couple.id)
    day = local_date.isoformat()
    if evening is None or evening.day != local_date:
        evening = read_evening(redis, couple.id, pid, local_date)
    raw_seq, raw_cursor = evening.sequence, evening.cursor
    sequence = json.loads(raw_seq) if raw_seq else []
    cursor = int(raw_cursor) if raw_cursor is not None else -1
    if cursor < 0:
        # This partner's first ask of the evening starts where the other partner settled (after
        # any "another one"), so both answer the same prompt and hear each other's answer.
        wanted = int(evening.partner_cursor) if evening.partner_cursor is not None else 0
    else:
        wanted = cursor + 1 if another else cursor
    if wanted == cursor and cursor < len(sequence):
        # Asked again tonight: nothing changes, so nothing is written (one round trip, not two).
        return TonightsPrompt(library.prompt(sequence[cursor]), cursor, repeated=True)
    new_id = ""
    if wanted >= len(sequence):
        # Only a new draw needs the history of what was given (up to the whole library).
        pipe = redis.pipeline(transaction=False)
        pipe.hgetall(given)
        pipe.hkeys(nightly)
        given_days, evenings = pipe.execute()
        recent = {pid_: date.fromisoformat(d) for pid_, d in given_days.items()}
        week = plan_week(couple.plan_start_date(), local_date)
        # A couple's first evening draws only from week one's gentle grounding prompts, not
        # merely tilted toward them: nobody should meet Closer with a question about repair.
        # "Another one" that evening too. (The history may be non-empty already: a partner who
        # used Closer alone brings the prompts they heard when they join, and the draw still
        # avoids those.) Fields of the nightly hash start with their ISO date.
        first = week is None and not any(field[:10] < day for field in evenings)
        new_id = choose_prompt(
            couple_seed=couple.id, local_date=local_date, plan_week=1 if first else week,
            recent=recent, exclude=sequence, ordinal=len(sequence),
            pool=first_evening_pool() if first else None,
        ).id
    script = scripts.get(redis, _ADVANCE)
    stale = (local_date - timedelta(days=KEEP_DAYS)).isoformat()
    raw, position = script(keys=[nightly, given], args=[day, pid, len(sequence), new_id, wanted, stale])
    sequence = json.loads(raw)
    position = int(position)
    return TonightsPrompt(library.prompt(sequence[position]), position, repeated=position == cursor)


def current_prompt_id(redis, couple_id: str, pid: str, local_date: date,
                      evening: Evening | None = None) -> str | None:
    """The prompt `pid` last heard on `local_date`, if any."""
    if evening is None or evening.day != local_date:
        evening = read_evening(redis, couple_id, pid, local_date)
    if not evening.sequence or evening.cursor is None:
        return None
    return json.loads(evening.sequence)[int(evening.cursor)]
