"""Pairing two partners' devices with a six-digit code.

A code is valid for 15 minutes and used once (GETDEL). It names the partner slot it fills, so the
same mechanism links a new partner, links a partner created from the CLI, and re-links a partner
whose Alexa user id changed (re-enabling a skill gives a new one) without losing history.
Guessing is not feasible: five wrong codes per user per hour, and a global cap on wrong codes per
ten minutes, counted in Redis so every server shares the limits.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from ..store.couples import Couple, CoupleRepository, Partner
from ..store.keys import PREFIX, pairing_code_key, user_hash, user_key

CODE_TTL_SECONDS = 15 * 60
USER_WRONG_LIMIT = 5
USER_WINDOW_SECONDS = 3600
GLOBAL_WRONG_LIMIT = 300
GLOBAL_WINDOW_SECONDS = 600


class PairingError(ValueError):
    """Why a join failed: `reason` is one of "limited", "invalid", "own-code"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Joined:
    """The result of a successful join."""

    couple: Couple
    pid: str
    relinked: bool  # an existing partner re-linked a new device/user id


def create_code(redis, couple: Couple, for_pid: str) -> str:
    """A fresh single-use code that links a device as partner `for_pid` of `couple`."""
    payload = json.dumps({"couple": couple.id, "pid": for_pid})
    while True:  # a collision among a million codes is rare; just draw again
        code = f"{secrets.randbelow(10**6):06d}"
        if redis.set(pairing_code_key(code), payload, nx=True, ex=CODE_TTL_SECONDS):
            return code


def slot_for_new_code(couple: Couple, inviter_pid: str | None) -> str:
    """Which partner a new code links: the other partner of the inviter (or "b")."""
    return next(pid for pid in ("a", "b") if pid != inviter_pid) if inviter_pid else "b"


def _limited(redis, alexa_user_id: str, now: datetime) -> bool:
    user_fails = redis.get(f"{PREFIX}:pairfail:{user_hash(alexa_user_id)}")
    bucket = int(now.timestamp()) // GLOBAL_WINDOW_SECONDS
    global_fails = redis.get(f"{PREFIX}:pairfail:all:{bucket}")
    return int(user_fails or 0) >= USER_WRONG_LIMIT or int(global_fails or 0) >= GLOBAL_WRONG_LIMIT


def _count_failure(redis, alexa_user_id: str, now: datetime) -> None:
    bucket = int(now.timestamp()) // GLOBAL_WINDOW_SECONDS
    pipe = redis.pipeline(transaction=False)
    user_key_ = f"{PREFIX}:pairfail:{user_hash(alexa_user_id)}"
    # SET NX starts the hour at the first failure (EXPIRE NX needs Redis 7; we support 6.2).
    pipe.set(user_key_, 0, nx=True, ex=USER_WINDOW_SECONDS)
    pipe.incr(user_key_)
    pipe.incr(f"{PREFIX}:pairfail:all:{bucket}")
    pipe.expire(f"{PREFIX}:pairfail:all:{bucket}", GLOBAL_WINDOW_SECONDS * 2)
    pipe.execute()


def join(redis, code: str, alexa_user_id: str, now: datetime, *, name: str | None = None,
         zone: str | None = None) -> Joined:
    """Link `alexa_user_id` to the couple the code belongs to; raises PairingError."""
    if _limited(redis, alexa_user_id, now):
        raise PairingError("limited")
    digits = "".join(ch for ch in str(code) if ch.isdigit())
    key = pairing_code_key(digits)
    raw = redis.get(key) if len(digits) == 6 else None
    if raw is None:
        _count_failure(redis, alexa_user_id, now)
        raise PairingError("invalid")
    target = json.loads(raw)
    couples = CoupleRepository(redis)
    me = user_hash(alexa_user_id)
    if _own_code(couples, target, me):
        # Said on the device of the partner who asked for it: not a guess, and the code stays
        # good for the partner it was meant for.
        raise PairingError("own-code")
    if not redis.delete(key):  # used meanwhile: of two joiners, only one deletes it
        _count_failure(redis, alexa_user_id, now)
        raise PairingError("invalid")
    previous: dict = {}

    def link(couple: Couple) -> None:
        pid = target["pid"]
        existing = couple.partners.get(pid)
        if existing is None:
            couple.partners[pid] = Partner(id=pid, name=name, zone=zone, user=me)
        else:
            previous["user"] = existing.user
            existing.user = me
            existing.name = existing.name or name
            existing.zone = zone or existing.zone

    couple = couples.update(target["couple"], link)
    old_user = previous.get("user")
    if old_user and old_user != me:  # the partner's old Alexa user id: drop its link
        redis.delete(f"{PREFIX}:user:{old_user}")
    _replace_solo_couple(redis, couples, alexa_user_id, couple.id)
    return Joined(couple, target["pid"], relinked=bool(old_user))


def _own_code(couples: CoupleRepository, target: dict, me: str) -> bool:
    """True when the code's `target` is a partner of a couple that `me` already belongs to as the
    other partner: joining it would pair someone with themselves."""
    couple = couples.get(target["couple"])
    return couple is not None and any(p.user == me and p.id != target["pid"] for p in couple.partners.values())


def _replace_solo_couple(redis, couples: CoupleRepository, alexa_user_id: str, couple_id: str) -> None:
    """Point the user at the joined couple. A couple of one they had alone is removed, once its
    jar ideas and the prompts they heard have come along (see `_carry_over`)."""
    key = user_key(alexa_user_id)
    raw = redis.get(key)
    record = json.loads(raw) if raw else {}
    joined = couples.get(couple_id)
    pid = next(p.id for p in joined.partners.values() if p.user == user_hash(alexa_user_id))
    old = record.get("couple")
    if old and old != couple_id:
        solo = couples.get(old)
        if solo is not None and not solo.paired:
            _carry_over(redis, old, couple_id, pid)
            couples.delete(old)
    record.update(couple=couple_id, partner=pid)
    redis.set(key, json.dumps(record, separators=(",", ":")))


def _carry_over(redis, solo_id: str, couple_id: str, pid: str) -> None:
    """What someone used alone comes with them into the couple they join: the ideas they put in
    the jar (now theirs as partner `pid`) and the prompts they heard, so tonight's prompt does not
    repeat one for them within 30 days. Answers given alone had no one to reach and are not kept.

    The two couples live in different slots, so this is a read, then one transaction on the joined
    couple; it runs before the solo couple is deleted, so a failure loses nothing.
    """
    from . import jar
    from .tonight import given_key, later_history

    reads = redis.pipeline(transaction=False)
    reads.zrange(jar.jar_key(solo_id), 0, -1, withscores=True)
    reads.hgetall(given_key(solo_id))
    reads.hgetall(given_key(couple_id))
    ideas, heard, already = reads.execute()
    later = later_history(heard, already)
    if not ideas and not later:
        return
    pipe = redis.pipeline(transaction=True)
    jar.queue_adopt(pipe, couple_id, ideas, pid)
    if later:
        pipe.hset(given_key(couple_id), mapping=later)
    pipe.execute()
