"""Appreciations and soft check-ins: kept for the couple, and delivered to the other partner."""
from __future__ import annotations

import json
from datetime import date

from ..store.keys import couple_key
from . import notify, relay

KEEP = 100  # the last hundred of each, enough for "patterns over weeks"


def _keep(visit, couple, kind: str, **fields: str) -> None:
    entry = json.dumps({"by": visit.pid, "at": visit.now.isoformat(), "date": visit.local_date.isoformat(), **fields})
    key = couple_key(couple.id, kind)
    pipe = visit.redis.pipeline(transaction=True)
    pipe.rpush(key, entry)
    pipe.ltrim(key, -KEEP, -1)
    pipe.execute()


def appreciate(visit, couple, text: str) -> bool:
    """Record an appreciation; returns True when it was left for a partner."""
    _keep(visit, couple, "appreciations", text=text)
    partner = couple.other(visit.pid)
    if partner is None:
        return False
    relay.leave(visit.redis, couple.id, partner.id, "appreciation", visit.now, **{"from": visit.pid, "text": text})
    notify.something_waiting(visit, partner.id)
    return True


def checked_in_since(redis, couple_id: str, pid: str, since: date) -> bool:
    """Whether partner `pid` did a soft check-in on or after their local date `since`."""
    for entry in reversed(redis.lrange(couple_key(couple_id, "checkins"), 0, -1)):
        kept = json.loads(entry)
        if kept.get("by") == pid and kept.get("date", "") >= since.isoformat():
            return True
    return False


def check_in(visit, couple, need: str, appreciation: str) -> bool:
    """Record a soft check-in; returns True when it was left for a partner."""
    _keep(visit, couple, "checkins", need=need, appreciation=appreciation)
    partner = couple.other(visit.pid)
    if partner is None:
        return False
    relay.leave(visit.redis, couple.id, partner.id, "checkin", visit.now,
                **{"from": visit.pid, "need": need, "appreciation": appreciation})
    notify.something_waiting(visit, partner.id)
    return True
