"""The warmth log: which days each partner did a ritual, counted on their own local date.

"How are we doing?" is answered as patterns over weeks, never as a streak to protect.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from ..store.keys import couple_key

KEEP_DAYS = 120


def warmth_key(couple_id: str) -> str:
    """The couple's log."""
    return couple_key(couple_id, "warmth")


def record(redis, couple_id: str, pid: str, ritual: str, local_date: date) -> None:
    """Note that `pid` did `ritual` on their local date (idempotent within the day)."""
    pipe = redis.pipeline(transaction=False)
    pipe.zadd(warmth_key(couple_id), {f"{local_date.isoformat()}|{pid}|{ritual}": local_date.toordinal()})
    pipe.zremrangebyscore(warmth_key(couple_id), 0, local_date.toordinal() - KEEP_DAYS)
    pipe.execute()


@dataclass(frozen=True)
class WeekSummary:
    """Days with at least one ritual in one week, per partner and together."""

    start: date
    days_any: int
    days_both: int


def weeks(redis, couple_id: str, today: date, count: int = 4) -> list[WeekSummary]:
    """The last `count` weeks ending today, oldest first."""
    first = today - timedelta(days=7 * count - 1)
    members = redis.zrangebyscore(warmth_key(couple_id), first.toordinal(), today.toordinal())
    who_by_day: dict[date, set[str]] = defaultdict(set)
    for member in members:
        day, pid, _ = member.split("|", 2)
        who_by_day[date.fromisoformat(day)].add(pid)
    summaries = []
    for index in range(count):
        start = first + timedelta(days=7 * index)
        days = [start + timedelta(days=i) for i in range(7)]
        summaries.append(WeekSummary(
            start,
            days_any=sum(1 for d in days if who_by_day.get(d)),
            days_both=sum(1 for d in days if len(who_by_day.get(d, ())) >= 2),
        ))
    return summaries
