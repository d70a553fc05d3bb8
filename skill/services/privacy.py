"""Privacy: forget one partner, export or delete everything about a couple.

Keys of a couple share one slot, so a SCAN of `{couple:ID}:*` finds them all on one node. Data a
partner wrote for the couple (appreciations, check-ins, answers, jar ideas, warmth marks) is
removed with them; what the other partner wrote stays theirs.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime

from ..store.couples import CoupleRepository
from ..store.keys import PREFIX, couple_key
from . import relay

log = logging.getLogger(__name__)
_AUTHORED_LISTS = ("appreciations", "checkins")


def _couple_keys(redis, couple_id: str) -> list[str]:
    return sorted(redis.scan_iter(match=couple_key(couple_id, "*"), count=500))


def _dump(redis, key: str):
    kind = redis.type(key)
    if kind == "string":
        return redis.get(key)
    if kind == "hash":
        return redis.hgetall(key)
    if kind == "list":
        return redis.lrange(key, 0, -1)
    if kind == "zset":
        return redis.zrange(key, 0, -1, withscores=True)
    if kind == "set":
        return sorted(redis.smembers(key))
    return None


def export_couple(redis, couple_id: str) -> dict:
    """Everything stored about a couple, as JSON-able data (KeyError when unknown)."""
    couple = CoupleRepository(redis).get(couple_id)
    if couple is None:
        raise KeyError(couple_id)
    data = {"couple": json.loads(couple.to_json()), "keys": {}}
    for key in _couple_keys(redis, couple_id):
        data["keys"][key] = _dump(redis, key)
    data["users"] = {p.id: _dump(redis, f"{PREFIX}:user:{p.user}") for p in couple.partners.values() if p.user}
    data["extra"] = _extension_export(redis, couple)
    return data


def delete_couple(redis, couple_id: str) -> int:
    """Delete a couple and its partners' user records; returns how many keys were removed."""
    couple = CoupleRepository(redis).get(couple_id)
    if couple is None:
        raise KeyError(couple_id)
    removed = 0
    for partner in couple.partners.values():
        if partner.user:
            removed += redis.delete(f"{PREFIX}:user:{partner.user}")
        _extension_forget(redis, couple, partner.id)
    removed += CoupleRepository(redis).delete(couple_id)
    return removed


def forget_partner(redis, couple_id: str, pid: str, now: datetime) -> bool:
    """Remove partner `pid` and what they wrote; tell the other partner. True if the couple remains."""
    couples = CoupleRepository(redis)
    couple = couples.get(couple_id)
    if couple is None or pid not in couple.partners:
        return False
    other = couple.other(pid)
    if other is None:
        delete_couple(redis, couple_id)
        return False
    me = couple.partners[pid]
    if me.user:
        redis.delete(f"{PREFIX}:user:{me.user}")
    _extension_forget(redis, couple, pid)
    _remove_authored(redis, couple_id, pid, other.id)
    couples.update(couple_id, lambda c: _without(c, pid))
    relay.leave(redis, couple_id, other.id, "unlinked", now, name=me.name or "")
    return True


def _without(couple, pid: str) -> None:
    """The couple once partner `pid` has gone. The standing call and the visits were plans of the
    two of them (and name the one who left), so they go too: the other partner's calendar must
    not keep a weekly "Call with Ana" after Ana unlinked."""
    couple.partners.pop(pid, None)
    couple.call = None
    couple.visits = []
    couple.feed_items = {key: item for key, item in couple.feed_items.items() if not key.startswith(f"{pid}:")}


def _remove_authored(redis, couple_id: str, pid: str, other_pid: str) -> None:
    # What they left for the other partner and was not heard yet goes too: it is theirs. Every
    # item in the other's inbox comes from this partner (notes of a visit or of the plan carry no
    # "from", and are theirs as well).
    waiting = relay.inbox_key(couple_id, other_pid)
    for entry in redis.lrange(waiting, 0, -1):
        if json.loads(entry).get("from", pid) == pid:
            redis.lrem(waiting, 0, entry)
    for kind in _AUTHORED_LISTS:
        key = couple_key(couple_id, kind)
        for entry in redis.lrange(key, 0, -1):
            if json.loads(entry).get("by") == pid:
                redis.lrem(key, 0, entry)
    redis.delete(relay.inbox_key(couple_id, pid))
    for key in redis.scan_iter(match=couple_key(couple_id, "answers", "*"), count=500):
        redis.hdel(key, pid)
    # Answers waiting for the other partner were this partner's (couples are two), and what waited
    # for this partner is of no use any more.
    redis.delete(couple_key(couple_id, "waiting", other_pid), couple_key(couple_id, "waiting", pid))
    for member in redis.zrange(couple_key(couple_id, "jar"), 0, -1):
        if json.loads(member).get("by") == pid:
            redis.zrem(couple_key(couple_id, "jar"), member)
    for member in redis.zrange(couple_key(couple_id, "warmth"), 0, -1):
        if member.split("|")[1] == pid:
            redis.zrem(couple_key(couple_id, "warmth"), member)


def _extension_forget(redis, couple, pid: str) -> None:
    """Features that keep data outside the couple's slot (nudges, feed tokens) forget it here."""
    from . import privacy_hooks

    for hook in privacy_hooks.FORGET:
        hook(redis, couple, pid)


def _extension_export(redis, couple) -> dict:
    from . import privacy_hooks

    return {name: hook(redis, couple) for name, hook in privacy_hooks.EXPORT.items()}
